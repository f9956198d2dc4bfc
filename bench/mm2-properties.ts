/**
 * The mm2.properties of a MirrorMaker 2 run in dedicated mode: one flow source -> target, names kept
 * (IdentityReplicationPolicy), no heartbeats, checkpoints or group sync (there are no groups to
 * follow), every internal topic at replication factor 1 (one-broker clusters). Pure.
 *
 * Exactly-once follows Kafka's connect/mirror/README.md ("Exactly-once", Kafka 3.5+):
 * `<target>.exactly.once.source.support = enabled`, `dedicated.mode.enable.internal.rest = true` with a
 * `listeners` address, and the source consumer at `isolation.level = read_committed`.
 */
export interface Mm2Flow {
  /** The source cluster's alias; a new alias per run gives new internal topics and group, hence no resumed progress. */
  sourceAlias: string;
  sourceBootstrap: string;
  targetBootstrap: string;
  /** Regexes of the topics to mirror. */
  topics: string[];
  tasksMax: number;
  /** The data set's codec: MirrorMaker 2 re-encodes every batch, so it writes with the codec it read. */
  codec: string;
  exactlyOnce: boolean;
  /** The internal REST listener's port (exactly-once only). */
  restPort?: number;
}

export const MM2_TARGET_ALIAS = 'target';

/** Producer and consumer settings given to MirrorMaker 2 beside its defaults: the same batching as the bench's own producers. */
export const MM2_CLIENT_TUNING: Record<string, string> = {
  'producer.linger.ms': '10',
  'producer.batch.size': '262144',
};

type Lines = Array<[string, string | number]>;

/** One flow, names kept, every internal topic at replication factor 1: what any run of MirrorMaker 2 here needs. */
function flowLines(f: Pick<Mm2Flow, 'sourceAlias' | 'sourceBootstrap' | 'targetBootstrap' | 'topics' | 'tasksMax'>): Lines {
  const s = f.sourceAlias;
  const t = MM2_TARGET_ALIAS;
  return [
    ['clusters', `${s}, ${t}`],
    [`${s}.bootstrap.servers`, f.sourceBootstrap],
    [`${t}.bootstrap.servers`, f.targetBootstrap],
    [`${s}->${t}.enabled`, 'true'],
    [`${t}->${s}.enabled`, 'false'],
    [`${s}->${t}.topics`, f.topics.join(',')],
    ['replication.policy.class', 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy'],
    ['tasks.max', f.tasksMax],
    ['replication.factor', 1],
    ['checkpoints.topic.replication.factor', 1],
    ['heartbeats.topic.replication.factor', 1],
    ['offset-syncs.topic.replication.factor', 1],
    ['offset.storage.replication.factor', 1],
    ['status.storage.replication.factor', 1],
    ['config.storage.replication.factor', 1],
  ];
}

const render = (lines: Lines): string => lines.map(([k, v]) => `${k} = ${v}`).join('\n') + '\n';

/**
 * MirrorMaker 2 as a new user runs it (the steady-state bench): its defaults (heartbeats, checkpoints
 * and offset syncs on, client settings untouched), only the flow and the one-broker replication factors.
 */
export const mm2DefaultProperties = (f: Pick<Mm2Flow, 'sourceAlias' | 'sourceBootstrap' | 'targetBootstrap' | 'topics' | 'tasksMax'>): string => render(flowLines(f));

export function mm2Properties(f: Mm2Flow): string {
  const s = f.sourceAlias;
  const t = MM2_TARGET_ALIAS;
  const lines: Lines = [
    ...flowLines(f),
    ['emit.heartbeats.enabled', 'false'],
    ['emit.checkpoints.enabled', 'false'],
    ['sync.group.offsets.enabled', 'false'],
    ['sync.topic.acls.enabled', 'false'],
    ...Object.entries(MM2_CLIENT_TUNING).map(([k, v]): [string, string] => [`${t}.${k}`, v]),
    [`${t}.producer.compression.type`, f.codec],
  ];
  if (f.exactlyOnce) {
    if (f.restPort === undefined) throw new Error('exactly-once MirrorMaker 2 needs a REST port');
    lines.push(
      [`${t}.exactly.once.source.support`, 'enabled'],
      ['dedicated.mode.enable.internal.rest', 'true'],
      ['listeners', `http://127.0.0.1:${f.restPort}`],
      [`${s}.consumer.isolation.level`, 'read_committed'],
    );
  }
  return render(lines);
}
