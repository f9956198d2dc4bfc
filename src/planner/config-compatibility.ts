import type { SkippedConfigReason } from './plan.ts';

/**
 * Topic configs whose name is not accepted by every Kafka version we mirror between (sources 2.6 to
 * 4.x, targets 3.x and 4.x). A broker refuses a CreateTopics or IncrementalAlterConfigs that names a
 * config it does not know (LogConfig.validateNames: "Unknown topic config name"), so one such config
 * would block the whole topic. Configs absent from this table are assumed known everywhere.
 */
export interface ConfigCompatibility {
  name: string;
  /** First Kafka version (major.minor) that accepts it. */
  introducedIn?: string;
  /** First Kafka version that refuses it. */
  removedIn?: string;
  /** Configs that together carry the same meaning on versions that refuse this one. */
  replacedBy?: readonly string[];
  /** KIP and how the entry was checked; see DESIGN.md. */
  note: string;
}

export const TOPIC_CONFIG_COMPATIBILITY: readonly ConfigCompatibility[] = [
  { name: 'message.format.version', removedIn: '4.0', note: 'KIP-724; checked: in TopicConfig 3.9.1, absent in 4.1.2' },
  {
    name: 'message.timestamp.difference.max.ms',
    removedIn: '4.0',
    // 3.6 to 3.9 read before/after.max.ms as this value when they are left at their default, so
    // writing the same value to both keeps the meaning exactly.
    replacedBy: ['message.timestamp.before.max.ms', 'message.timestamp.after.max.ms'],
    note: 'KIP-937; checked: in 3.9.1 (fallback from before.max.ms), absent in 4.1.2',
  },
  { name: 'message.timestamp.before.max.ms', introducedIn: '3.6', note: 'KIP-937; absent in 2.6.0, in 3.9.1; 3.6 from memory' },
  { name: 'message.timestamp.after.max.ms', introducedIn: '3.6', note: 'KIP-937; absent in 2.6.0, in 3.9.1; 3.6 from memory' },
  {
    name: 'message.downconversion.enable',
    removedIn: '5.0',
    note: 'KIP-724; checked: still accepted by 4.1.2 (a no-op there, "deprecated for removal in 5.0")',
  },
  { name: 'remote.storage.enable', introducedIn: '3.6', note: 'KIP-405; absent in 2.6.0, in 3.9.1; 3.6 from memory' },
  { name: 'local.retention.ms', introducedIn: '3.6', note: 'KIP-405; absent in 2.6.0, in 3.9.1; 3.6 from memory' },
  { name: 'local.retention.bytes', introducedIn: '3.6', note: 'KIP-405; absent in 2.6.0, in 3.9.1; 3.6 from memory' },
  { name: 'compression.gzip.level', introducedIn: '3.8', note: 'KIP-390; absent in 2.6.0, in 3.9.1; 3.8 from memory' },
  { name: 'compression.lz4.level', introducedIn: '3.8', note: 'KIP-390; absent in 2.6.0, in 3.9.1; 3.8 from memory' },
  { name: 'compression.zstd.level', introducedIn: '3.8', note: 'KIP-390; absent in 2.6.0, in 3.9.1; 3.8 from memory' },
  { name: 'remote.log.copy.disable', introducedIn: '3.9', note: 'KIP-950; absent in 2.6.0, in 3.9.1; 3.9 from memory' },
  { name: 'remote.log.delete.on.disable', introducedIn: '3.9', note: 'KIP-950; absent in 2.6.0, in 3.9.1; 3.9 from memory' },
];

const BY_NAME = new Map(TOPIC_CONFIG_COMPATIBILITY.map((entry) => [entry.name, entry]));

export type ConfigFate =
  | { kind: 'Keep' }
  | { kind: 'Map'; to: readonly string[]; detail: string }
  | { kind: 'Skip'; reason: SkippedConfigReason; detail: string };

/** Major and minor of "3.9.1", "4.0.0-SNAPSHOT"...; undefined when the string says neither. */
export function parseKafkaVersion(version: string | undefined): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function atLeast(version: [number, number], than: string): boolean {
  const [major, minor] = parseKafkaVersion(than) ?? [0, 0];
  return version[0] > major || (version[0] === major && version[1] >= minor);
}

/**
 * What to do with a source config on a target of `targetVersion`. An unknown version skips every
 * config of the table: a skipped config is reported and retried next pass, a refused one blocks the topic.
 */
export function configFateOnTarget(name: string, targetVersion: string | undefined): ConfigFate {
  const entry = BY_NAME.get(name);
  if (entry === undefined) return { kind: 'Keep' };
  const version = parseKafkaVersion(targetVersion);
  if (version === undefined) {
    return { kind: 'Skip', reason: 'TargetVersionUnknown', detail: `${name} is not accepted by every Kafka version and the target's version is unknown` };
  }
  const shown = `${version[0]}.${version[1]}`;
  if (entry.introducedIn !== undefined && !atLeast(version, entry.introducedIn)) {
    return { kind: 'Skip', reason: 'UnknownInTargetVersion', detail: `${name} exists from Kafka ${entry.introducedIn}; the target runs ${shown}` };
  }
  if (entry.removedIn === undefined || !atLeast(version, entry.removedIn)) return { kind: 'Keep' };
  if (entry.replacedBy !== undefined) {
    return { kind: 'Map', to: entry.replacedBy, detail: `${name} was removed in Kafka ${entry.removedIn}; written as ${entry.replacedBy.join(' and ')}` };
  }
  return { kind: 'Skip', reason: 'RemovedInTargetVersion', detail: `${name} was removed in Kafka ${entry.removedIn}; the target runs ${shown}` };
}
