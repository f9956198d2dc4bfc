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

function parseResponse(_c: number, _k: number, _v: number, r: Reader): Map<string, number> {
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
  const counts = new Map<string, number>();
  const topics = r.readInt32();
  for (let t = 0; t < topics; t++) {
    const errorCode = r.readInt16();
    const name = r.readString(false);
    r.readBoolean(); // is_internal
    const partitions = r.readInt32();
    for (let p = 0; p < partitions; p++) {
      r.skip(2 + 4 + 4 + 4); // error_code, partition_index, leader_id, leader_epoch
      skipInt32Array(r); // replica_nodes
      skipInt32Array(r); // isr_nodes
      skipInt32Array(r); // offline_replicas
    }
    r.readInt32(); // topic_authorized_operations
    if (ABSENT.has(errorCode)) continue;
    // A topic mid-creation (or mid-deletion) has no partitions to count yet: ask again later, as a
    // failed listing, rather than count it as missing (a caller would create it again).
    if (errorCode !== 0) throw new KafkaProtocolError(errorCode, `metadata of topic ${name}`);
    counts.set(name, partitions);
  }
  return counts;
}

/**
 * The partition count of every topic (internal ones included), or of the `topics` named that exist,
 * from one Metadata request, reading nothing else of the answer into objects. Asked every few seconds
 * for thousands of partitions (new topics and partitions start copying within seconds), where the
 * client library's full metadata answer (leaders, replicas, ISR as arrays, twice: names, then their
 * metadata) was most of what the worker allocated at a trickle.
 */
export function topicPartitionCounts(connection: Connection, topics?: readonly string[]): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    connection.send(METADATA_KEY, METADATA_VERSION, () => createRequest(topics), parseResponse, false, false, (err, res) => (err ? reject(err) : resolve(res!)));
  });
}
