import { formatValidationErrors, MIRRORJOB_API_VERSION, MIRRORJOB_KIND, validateMirrorJob } from '../../api/index.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import type { SecretManifest } from '../input/secrets.ts';
import { parseJavaProperties } from './java-properties.ts';
import { aclModeNote } from './mm2-acl-mode.ts';
import { importCluster, kubeName, type SettingsCursor } from './mm2-clusters.ts';
import { classifyLeftover, MM2_DEFAULT_GROUP_EXCLUDES, MM2_DEFAULT_TOPIC_EXCLUDES, splitList, type SettingOutcome } from './mm2-settings.ts';
import { findLayout, type Mm2Layout } from './mm2-layout.ts';

export interface Mm2ImportOptions {
  namespace?: string;
  /** "source->target" when the file enables several flows. */
  flow?: string;
  name?: string;
}

export interface Mm2Import {
  /** The MirrorJob manifest as a person would write it (defaults left out). */
  job: Record<string, unknown>;
  secrets: SecretManifest[];
  /** One entry per setting of the file, in file order. */
  settings: SettingOutcome[];
  layout: Mm2Layout;
}

const INTERVALS = ['refresh.topics.interval.seconds', 'refresh.groups.interval.seconds', 'sync.group.offsets.interval.seconds', 'sync.topic.acls.interval.seconds', 'sync.topic.configs.interval.seconds'];

/**
 * A MirrorMaker 2 config (dedicated mode `clusters = a, b` with `a->b.enabled = true`, or a
 * MirrorSourceConnector's `source.cluster.*`/`target.cluster.*`) as one MirrorJob and its Secrets.
 * Pure: every line of the file ends up mapped, not needed, or listed as having no equivalent.
 */
export function importMm2(text: string, options: Mm2ImportOptions = {}): Mm2Import {
  const entries = parseJavaProperties(text);
  const props = new Map(entries.map((e) => [e.key, e]));
  const outcomes = new Map<string, SettingOutcome>();
  const fieldKeys = new Map<string, string>();
  const record = (key: string, outcome: Omit<SettingOutcome, 'key' | 'line'>) => outcomes.set(key, { key, line: props.get(key)?.line ?? 0, ...outcome });
  const settings: SettingsCursor = {
    take(keys, field, note = '') {
      const present = keys.filter((k) => props.has(k));
      const [used, ...shadowed] = present;
      if (used === undefined) return undefined;
      record(used, { disposition: 'mapped', field, note });
      fieldKeys.set(field, used);
      for (const k of shadowed) if (!outcomes.has(k)) record(k, { disposition: 'not-needed', note: `overridden by ${used}` });
      return props.get(used)!.value.trim();
    },
    consume: (key, field, note, disposition = 'mapped') => record(key, { disposition, field, note }),
    present: (keys) => keys.find((k) => props.has(k)),
  };
  const bool = (keys: string[], field: string): boolean | undefined => {
    const v = settings.take(keys, field);
    if (v === undefined) return undefined;
    if (!/^(true|false)$/i.test(v)) throw new CliError(`${keys.find((k) => props.has(k))}: expected true or false, got "${v}"`, ExitCode.badInput);
    return v.toLowerCase() === 'true';
  };
  const int = (keys: string[], field: string, note?: string): number | undefined => {
    const v = settings.take(keys, field, note);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new CliError(`${keys.find((k) => props.has(k))}: expected a whole number, got "${v}"`, ExitCode.badInput);
    return Number(v);
  };

  const layout = findLayout(props, options.flow, settings);
  const flowKeys = (name: string) => [...layout.flowPrefixes.map((p) => `${p}${name}`), name];
  const source = importCluster('source', layout.source, layout.sourcePrefixes, settings, options.namespace);
  const target = importCluster('target', layout.target, layout.targetPrefixes, settings, options.namespace);

  const topicsInclude = settings.take(flowKeys('topics'), 'spec.topics.include');
  const topicsExclude = settings.take([...flowKeys('topics.exclude'), ...flowKeys('topics.blacklist')], 'spec.topics.exclude');
  const groupsInclude = settings.take(flowKeys('groups'), 'spec.groups.include');
  const groupsExclude = settings.take([...flowKeys('groups.exclude'), ...flowKeys('groups.blacklist')], 'spec.groups.exclude');
  const naming = namingOf(settings, flowKeys, layout.source);
  const configsSync = bool(flowKeys('sync.topic.configs.enabled'), 'spec.configs.sync');
  const configsExclude = settings.take([...flowKeys('config.properties.exclude'), ...flowKeys('config.properties.blacklist')], 'spec.configs.exclude');
  const replicationFactor = int(flowKeys('replication.factor'), 'spec.configs.replicationFactor');
  const aclsSync = bool(flowKeys('sync.topic.acls.enabled'), 'spec.acls.sync');
  const syncOffsets = bool(flowKeys('sync.group.offsets.enabled'), 'spec.groups.syncOffsets');
  // Asked for in so many words: say what the mode the import picks means, and what a migration wants.
  if (aclsSync === true) {
    const note = aclModeNote({ syncOffsets: syncOffsets ?? false, naming: naming.policy === 'Prefix' ? 'Prefix' : 'Identity' });
    settings.consume(settings.present(flowKeys('sync.topic.acls.enabled'))!, 'spec.acls.mode', note, 'review');
  }
  const workers = int(flowKeys('tasks.max'), 'spec.replication.workers');
  const reset = settings.take([...layout.sourcePrefixes.map((p) => `${p}consumer.auto.offset.reset`), 'source.consumer.auto.offset.reset'], 'spec.replication.startFrom');
  const intervals = INTERVALS.flatMap((name) => int(flowKeys(name), 'spec.syncIntervalSeconds', 'the shortest interval given becomes spec.syncIntervalSeconds') ?? []);
  // The file's `name` is consumed (mapped) even when --name overrides it, so it is never listed as unknown.
  const fileName = props.has('name') ? settings.take(['name'], 'metadata.name') : undefined;
  const jobName = options.name ?? (fileName !== undefined ? kubeName(fileName) : `${kubeName(layout.source)}-to-${kubeName(layout.target)}`);

  const spec: Record<string, unknown> = {
    source: source.connection,
    target: target.connection,
    topics: {
      include: splitList(topicsInclude ?? '.*'),
      // MirrorMaker 2 leaves out its default exclusions unless told otherwise; so does the import.
      exclude: topicsExclude !== undefined ? splitList(topicsExclude) : MM2_DEFAULT_TOPIC_EXCLUDES,
      naming,
    },
    configs: { sync: configsSync ?? true, ...(configsExclude !== undefined ? { exclude: splitList(configsExclude) } : {}), ...(replicationFactor !== undefined ? { replicationFactor } : {}) },
    acls: { sync: aclsSync ?? true, mode: 'MirrorMaker2Compatible' },
    groups: {
      include: splitList(groupsInclude ?? '.*'),
      exclude: groupsExclude !== undefined ? splitList(groupsExclude) : MM2_DEFAULT_GROUP_EXCLUDES,
      // MirrorMaker 2 syncs group offsets only when asked (sync.group.offsets.enabled, default false).
      syncOffsets: syncOffsets ?? false,
    },
    replication: {
      startFrom: reset?.toLowerCase() === 'latest' ? 'Latest' : 'Earliest',
      delivery: 'ExactlyOnce',
      workers: workers ?? 1,
    },
    ...(intervals.length > 0 ? { syncIntervalSeconds: Math.max(1, Math.min(...intervals)) } : {}),
  };
  const job = {
    apiVersion: MIRRORJOB_API_VERSION,
    kind: MIRRORJOB_KIND,
    metadata: { name: jobName, ...(options.namespace ? { namespace: options.namespace } : {}) },
    spec,
  };
  const validation = validateMirrorJob(job);
  if (!validation.ok) {
    const explained = validation.errors.map((e) => {
      const key = [...fieldKeys].find(([field]) => e.path.startsWith(field))?.[1];
      return { path: e.path, message: key ? `${e.message} (from ${key} on line ${props.get(key)?.line})` : e.message };
    });
    throw new CliError(`the MirrorMaker 2 config does not make a valid MirrorJob:\n${formatValidationErrors(explained, 50)}`, ExitCode.badInput);
  }

  for (const { key, value } of entries) {
    if (outcomes.has(key)) continue;
    const base = layout.baseName(key);
    const other = layout.foreignScope(key);
    if (other !== undefined) record(key, { disposition: 'no-equivalent', note: other });
    else record(key, classifyLeftover(base, value));
  }
  const settingsList = entries.filter((e, i) => entries.findIndex((x) => x.key === e.key) === i).map((e) => outcomes.get(e.key)!);
  return { job, secrets: [source.secret, target.secret].filter((s): s is SecretManifest => s !== undefined), settings: settingsList, layout };
}

/** DefaultReplicationPolicy prefixes "<source alias><separator>"; Identity/Legacy keep names; custom classes are a guess. */
function namingOf(settings: SettingsCursor, flowKeys: (name: string) => string[], sourceAlias: string): Record<string, unknown> {
  const policy = settings.take(flowKeys('replication.policy.class'), 'spec.topics.naming') ?? 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy';
  if (/\.DefaultReplicationPolicy$/.test(policy)) {
    const separator = settings.take(flowKeys('replication.policy.separator'), 'spec.topics.naming.prefix') ?? '.';
    return { policy: 'Prefix', prefix: `${sourceAlias}${separator}` };
  }
  if (!/\.(IdentityReplicationPolicy|LegacyReplicationPolicy)$/.test(policy)) {
    const key = settings.present(flowKeys('replication.policy.class'))!;
    settings.consume(key, 'spec.topics.naming', `custom policy ${policy}: assumed to keep topic names unchanged (Identity); if it adds a prefix, set policy: Prefix`, 'review');
  }
  return { policy: 'Identity' };
}
