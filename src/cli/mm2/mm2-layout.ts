import { CliError, ExitCode } from '../cli-error.ts';
import type { PropertyLine } from './java-properties.ts';
import type { SettingsCursor } from './mm2-clusters.ts';
import { splitList } from './mm2-settings.ts';

/** Where one replication flow's settings live in a MirrorMaker 2 file. */
export interface Mm2Layout {
  mode: 'dedicated' | 'connector';
  source: string;
  target: string;
  /** Prefixes of each cluster's client settings, most specific first ("" = defaults for all clusters). */
  sourcePrefixes: string[];
  targetPrefixes: string[];
  /** Prefixes of settings scoped to the flow ("a->b."), most specific first; the bare name comes last. */
  flowPrefixes: string[];
  /** The setting's name without its cluster or flow prefix. */
  baseName(key: string): string;
  /** Why a setting belongs to another cluster or flow, or undefined when it is this flow's. */
  foreignScope(key: string): string | undefined;
}

const FLOW_KEY = /^(.+?)->(.+?)\.(.+)$/;

/**
 * Dedicated mode (`clusters = a, b` and `a->b.enabled = true`, what connect-mirror-maker.sh reads)
 * or one MirrorSourceConnector's config (`source.cluster.alias`, `target.cluster.*`).
 */
export function findLayout(props: ReadonlyMap<string, PropertyLine>, flow: string | undefined, settings: SettingsCursor): Mm2Layout {
  if (props.has('clusters')) return dedicatedLayout(props, flow, settings);
  if ([...props.keys()].some((k) => k.startsWith('source.cluster.'))) return connectorLayout(settings);
  throw new CliError('this is not a MirrorMaker 2 config: it has neither "clusters = ..." (dedicated mode) nor source.cluster.* settings (a MirrorSourceConnector)', ExitCode.badInput);
}

function dedicatedLayout(props: ReadonlyMap<string, PropertyLine>, flow: string | undefined, settings: SettingsCursor): Mm2Layout {
  const aliases = splitList(settings.take(['clusters'], 'spec.source.alias, spec.target.alias') ?? '');
  const enabled = [...props.values()]
    .filter((p) => /->.+\.enabled$/.test(p.key) && p.value.trim().toLowerCase() === 'true')
    .map((p) => p.key.slice(0, -'.enabled'.length));
  const chosen = flow ?? (enabled.length === 1 ? enabled[0] : undefined);
  if (chosen === undefined) {
    if (enabled.length === 0) throw new CliError('no replication flow is enabled: add "<source>-><target>.enabled = true"', ExitCode.badInput);
    throw new CliError(`${enabled.length} replication flows are enabled (${enabled.join(', ')}); pick one with --flow (one MirrorJob per flow)`, ExitCode.badInput);
  }
  const [source, target] = chosen.split('->');
  if (source === undefined || target === undefined || !aliases.includes(source) || !aliases.includes(target)) {
    throw new CliError(`flow "${chosen}" does not join two of the clusters listed in "clusters" (${aliases.join(', ')})`, ExitCode.badInput);
  }
  if (props.has(`${chosen}.enabled`)) settings.consume(`${chosen}.enabled`, 'the MirrorJob itself', 'one MirrorJob per replication flow');
  const ownCluster = new Set([source, target]);
  return {
    mode: 'dedicated',
    source,
    target,
    sourcePrefixes: [`${source}.`, ''],
    targetPrefixes: [`${target}.`, ''],
    flowPrefixes: [`${chosen}.`],
    baseName(key) {
      const flowMatch = FLOW_KEY.exec(key);
      if (flowMatch) return flowMatch[3]!;
      const alias = aliases.find((a) => key.startsWith(`${a}.`));
      return alias ? key.slice(alias.length + 1) : key;
    },
    foreignScope(key) {
      const flowMatch = FLOW_KEY.exec(key);
      if (flowMatch && `${flowMatch[1]}->${flowMatch[2]}` !== chosen) return `belongs to the flow ${flowMatch[1]}->${flowMatch[2]}; import it with --flow ${flowMatch[1]}->${flowMatch[2]}`;
      const alias = aliases.find((a) => key.startsWith(`${a}.`));
      if (alias && !ownCluster.has(alias)) return `belongs to cluster "${alias}", which is not part of the flow ${chosen}`;
      return undefined;
    },
  };
}

function connectorLayout(settings: SettingsCursor): Mm2Layout {
  const source = settings.take(['source.cluster.alias'], 'spec.source.alias') ?? 'source';
  const target = settings.take(['target.cluster.alias'], 'spec.target.alias') ?? 'target';
  return {
    mode: 'connector',
    source,
    target,
    sourcePrefixes: ['source.cluster.'],
    targetPrefixes: ['target.cluster.'],
    flowPrefixes: [],
    baseName: (key) => key.replace(/^(source|target)\.cluster\./, ''),
    foreignScope: () => undefined,
  };
}
