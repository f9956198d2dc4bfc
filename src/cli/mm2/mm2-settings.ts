/**
 * What becomes of each MirrorMaker 2 setting in a MirrorJob. docs/mm2-settings.md is the same table
 * for people; a test keeps the two in step.
 */

export type Disposition =
  /** Carried over into the named MirrorJob field. */
  | 'mapped'
  /** Carried over on an assumption the user should check (e.g. a custom replication policy class). */
  | 'review'
  /** Needs no setting: the job does it another way (no heartbeats topic, progress on the target...). */
  | 'not-needed'
  /** A MirrorJob cannot express it; the importer drops it and says so. */
  | 'no-equivalent';

/** The fate of one line of the MirrorMaker 2 file. Values are never part of it (they may be secrets). */
export interface SettingOutcome {
  key: string;
  line: number;
  disposition: Disposition;
  /** The MirrorJob field it went to (mapped/review), e.g. "spec.topics.include". */
  field?: string;
  note: string;
}

/** Settings a MirrorJob needs no equivalent for, by base name (cluster and flow prefixes removed). */
export const NOT_NEEDED: ReadonlyArray<[RegExp, string]> = [
  [/^connector\.class$/, 'the job is one resource, not a set of Connect connectors'],
  [/^(emit\.heartbeats\..*|heartbeats\.topic\..*)$/, 'no heartbeats topic: lag and progress are read from Kafka itself (kafka-mirror status, the MirrorJob status)'],
  [/^(emit\.checkpoints\..*|checkpoints\.topic\..*)$/, 'no checkpoints topic: group offsets are translated exactly and written on the target (spec.groups.syncOffsets)'],
  [/^(offset-syncs\.topic\..*|offset\.syncs\.topic\..*|offset\.lag\.max)$/, 'no offset-syncs topic: the job keeps an exact source-to-target offset map in its own topics on the target'],
  [/^(offset|status|config)\.storage\..*$/, 'no Kafka Connect storage topics: progress is stored on the target in the job\'s internal topics'],
  [/^(key|value|header)\.converter(\..*)?$/, 'records are copied byte for byte (key, value, headers, timestamp); there is nothing to convert'],
  [/^readahead\.queue\.capacity$/, 'fetching is sized by the job itself (spec.replication.maxBytesPerSecond limits throughput)'],
  [/^refresh\.(topics|groups)\.enabled$/, 'always refreshed: new topics and partitions are looked for every 2 s, groups every spec.syncIntervalSeconds'],
  [/^dedicated\.mode\..*$/, 'no Connect REST API: one process (or one worker StatefulSet) per job'],
  [/^offset\.flush\.(interval|timeout)\.ms$/, 'not carried over: progress is made durable every `spec.replication.commitIntervalMs` (default 5 s), with the data in ExactlyOnce; set that on the job'],
  [/^(exactly\.once\.support|exactly\.once\.source\.support)$/, 'spec.replication.delivery is ExactlyOnce by default'],
  [/^(replication\.policy\.separator)$/, 'folded into spec.topics.naming.prefix'],
  [/^sasl\..*$/, 'ignored, as Kafka ignores it: security.protocol is not SASL_PLAINTEXT or SASL_SSL'],
  [/^(.+\.)?(checkpoints|heartbeats|offset-syncs)\.topic\.replication\.factor$/, 'the job creates only its own internal topics (replication factor min(3, brokers))'],
];

/** Settings with no equivalent, and what to do instead. */
export const NO_EQUIVALENT: ReadonlyArray<[RegExp, string]> = [
  [/^ssl\.truststore\..*$/, 'give the CA certificate as PEM in a Secret and set tls.caSecretRef (keytool -exportcert -rfc converts a JKS truststore)'],
  [/^ssl\.keystore\..*|^ssl\.key\.password$/, 'give the client certificate and key as PEM in a Secret and set tls.clientCertSecretRef'],
  [/^ssl\..*$/, 'TLS uses Node.js defaults with hostname verification; only the CA and client certificate are configurable'],
  [/^(producer|consumer|admin)\..*$/, 'client tuning is chosen by the job (batching, fetch sizes, transactions)'],
  [/^refresh\.(topics|groups)\.enabled=false$/, 'the job always refreshes topics and groups'],
  [/^(topic\.filter\.class|group\.filter\.class|config\.property\.filter\.class)$/, 'filters are regular expressions in the spec (topics, groups, configs.exclude); custom filter classes cannot run'],
  [/^(metric\.reporters|metrics\..*)$/, 'metrics are served for Prometheus by the workers (kafka_mirror_*)'],
];

export function classifyLeftover(baseName: string, value: string): { disposition: Disposition; note: string } {
  const withValue = `${baseName}=${value.trim()}`;
  for (const [pattern, note] of NO_EQUIVALENT) if (pattern.test(withValue) || pattern.test(baseName)) return { disposition: 'no-equivalent', note };
  for (const [pattern, note] of NOT_NEEDED) if (pattern.test(baseName)) return { disposition: 'not-needed', note };
  return { disposition: 'no-equivalent', note: 'not a setting the importer knows; check whether the MirrorJob needs anything for it' };
}

/** MirrorMaker 2's default topics.exclude, without what every MirrorJob excludes anyway (`__.*`, mm2-*.internal). */
export const MM2_DEFAULT_TOPIC_EXCLUDES = ['.*[\\-\\.]internal', '.*\\.replica'];
/** MirrorMaker 2's default groups.exclude. */
export const MM2_DEFAULT_GROUP_EXCLUDES = ['console-consumer-.*', 'connect-.*', '__.*'];

/** MirrorMaker 2 splits lists on commas and trims each item (ConfigDef.Type.LIST). */
export const splitList = (value: string): string[] => value.split(',').map((item) => item.trim()).filter((item) => item !== '');
