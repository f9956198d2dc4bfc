import { Writer, type Connection, type Reader } from '@platformatic/kafka';
import { KafkaErrorCode, KafkaProtocolError } from './kafka-error-codes.ts';

/**
 * Metadata v8: the newest version without flexible fields, served by Kafka 2.6 (max v9) through 4.x
 * (min v4). Asked with a null topic list (every topic the client may describe) or with named topics.
 */
const METADATA_KEY = 3;
const METADATA_VERSION = 8;

/** A named topic that does not exist, or that the client may not describe: absent from the answer, as from a listing of all. */
const ABSENT = new Set<number>([KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION, KafkaErrorCode.TOPIC_AUTHORIZATION_FAILED]);

function createRequest(topics: readonly string[] | undefined): Writer {
  const w = Writer.create();
  if (topics) {
    w.appendInt32(topics.length);
    for (const name of topics) w.appendString(name, false);
  } else {
    w.appendInt32(-1); // topics: null, all of them
  }
  return w
    .appendBoolean(false) // allow_auto_topic_creation: naming a topic must never create it
    .appendBoolean(false) // include_cluster_authorized_operations
    .appendBoolean(false); // include_topic_authorized_operations
}

/** Skips an array of int32 (replica, ISR and offline node ids) without reading it into objects. */
function skipInt32Array(r: Reader): void {
  const n = r.readInt32();
  if (n > 0) r.skip(4 * n);
}

/** A topic's partitions as the broker describes them: leader and replica nodes by partition index. */
export interface TopicLayout {
  /** Kafka's own internal topics (`__consumer_offsets`, `__transaction_state`), not a job's. */
  internal: boolean;
  partitions: Array<{ partition: number; leader: number; replicas: number[] }>;
}

function readInt32Array(r: Reader): number[] {
  const n = r.readInt32();
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.readInt32());
  return out;
}

/**
 * Walks the answer topic by topic: `readPartitions` reads (or skips) a topic's `count` partitions, and
 * `keep` takes each topic described. A named topic that is absent is left out. Any other topic error
 * fails the whole answer unless `skipFailed`: a topic mid-creation (or mid-deletion) has no partitions
 * to describe yet, and a caller that took it for missing would create it again.
 */
function parseTopics<P>(r: Reader, readPartitions: (r: Reader, count: number) => P, skipFailed: boolean, keep: (name: string, internal: boolean, partitions: P) => void): void {
  r.readInt32(); // throttle_time_ms
  const brokers = r.readInt32();
  for (let i = 0; i < brokers; i++) {
    r.readInt32(); // node_id
    r.readString(false); // host
    r.readInt32(); // port
    r.readNullableString(false); // rack
  }
  r.readNullableString(false); // cluster_id
  r.readInt32(); // controller_id
  const topics = r.readInt32();
  for (let t = 0; t < topics; t++) {
    const errorCode = r.readInt16();
    const name = r.readString(false);
    const internal = r.readBoolean();
    const partitions = readPartitions(r, r.readInt32());
    r.readInt32(); // topic_authorized_operations
    if (ABSENT.has(errorCode) || (skipFailed && errorCode !== 0)) continue;
    if (errorCode !== 0) throw new KafkaProtocolError(errorCode, `metadata of topic ${name}`);
    keep(name, internal, partitions);
  }
}

/** Skips the partitions' fields, allocating nothing: their count is all the worker's frequent polls need. */
function countPartitions(r: Reader, count: number): number {
  for (let p = 0; p < count; p++) {
    r.skip(2 + 4 + 4 + 4); // error_code, partition_index, leader_id, leader_epoch
    skipInt32Array(r); // replica_nodes
    skipInt32Array(r); // isr_nodes
    skipInt32Array(r); // offline_replicas
  }
  return count;
}

function readPartitions(r: Reader, count: number): TopicLayout['partitions'] {
  const partitions: TopicLayout['partitions'] = [];
  for (let p = 0; p < count; p++) {
    r.readInt16(); // error_code: a partition without a leader is still one of the topic's
    const partition = r.readInt32();
    const leader = r.readInt32();
    r.readInt32(); // leader_epoch
    const replicas = readInt32Array(r);
    skipInt32Array(r); // isr_nodes
    skipInt32Array(r); // offline_replicas
    partitions.push({ partition, leader, replicas });
  }
  return partitions.sort((a, b) => a.partition - b.partition);
}

function countsOf(_c: number, _k: number, _v: number, r: Reader): Map<string, number> {
  const counts = new Map<string, number>();
  parseTopics(r, countPartitions, false, (name, _internal, count) => counts.set(name, count));
  return counts;
}

function layoutsOf(skipFailed: boolean) {
  return (_c: number, _k: number, _v: number, r: Reader): Map<string, TopicLayout> => {
    const layouts = new Map<string, TopicLayout>();
    parseTopics(r, readPartitions, skipFailed, (name, internal, partitions) => layouts.set(name, { internal, partitions }));
    return layouts;
  };
}

function send<T>(connection: Connection, topics: readonly string[] | undefined, parse: (c: number, k: number, v: number, r: Reader) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    connection.send(METADATA_KEY, METADATA_VERSION, () => createRequest(topics), parse, false, false, (err, res) => (err ? reject(err) : resolve(res!)));
  });
}

/**
 * The partition count of every topic (internal ones included), or of the `topics` named that exist,
 * from one Metadata request, reading nothing else of the answer into objects. Asked every few seconds
 * for thousands of partitions (new topics and partitions start copying within seconds), where the
 * client library's full metadata answer (leaders, replicas, ISR as arrays, twice: names, then their
 * metadata) was most of what the worker allocated at a trickle.
 */
export function topicPartitionCounts(connection: Connection, topics?: readonly string[]): Promise<Map<string, number>> {
  return send(connection, topics, countsOf);
}

/**
 * Topics with their partitions' leaders and replicas, from one Metadata request: every topic, or the
 * `topics` named. One request, because a listing followed by a describe of the names listed fails when
 * another client deletes one of them in between, which a shared cluster does at any moment. With
 * `skipFailed` a topic the broker cannot describe now (mid-creation) is left out rather than failing
 * the answer: for routing requests to leaders, where its partitions simply get no answer this time.
 */
export function topicLayouts(connection: Connection, options: { topics?: readonly string[]; skipFailed?: boolean } = {}): Promise<Map<string, TopicLayout>> {
  return send(connection, options.topics, layoutsOf(options.skipFailed ?? false));
}
