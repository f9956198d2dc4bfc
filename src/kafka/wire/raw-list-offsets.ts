import { Writer, type Connection, type Reader } from '@platformatic/kafka';
import { appendTopicPartitions, readTopicPartitions } from './topic-arrays.ts';

/**
 * ListOffsets v5: the newest version without flexible fields, served by Kafka 2.6 (max v5) through 4.x
 * (v0 only was removed). v2 and up take an isolation level.
 */
const LIST_OFFSETS_KEY = 2;
const LIST_OFFSETS_VERSION = 5;

export interface ListedOffset {
  topic: string;
  partition: number;
  /** 0, or why this partition has no answer (NOT_LEADER_OR_FOLLOWER while its log is being made, ...). */
  errorCode: number;
  offset: number;
}

function createRequest(partitions: ReadonlyArray<{ topic: string; partition: number }>, timestamp: bigint, readCommitted: boolean): Writer {
  const head = Writer.create()
    .appendInt32(-1) // replica_id: a client
    .appendInt8(readCommitted ? 1 : 0);
  return appendTopicPartitions(head, [...partitions], (w, p) => {
    w.appendInt32(p.partition).appendInt32(-1).appendInt64(timestamp); // current_leader_epoch: unchecked
  });
}

function parseResponse(_c: number, _k: number, _v: number, r: Reader): ListedOffset[] {
  r.readInt32(); // throttle_time_ms
  return readTopicPartitions(r, (r, topic): ListedOffset => {
    const partition = r.readInt32();
    const errorCode = r.readInt16();
    r.readInt64(); // timestamp
    const offset = Number(r.readInt64());
    r.readInt32(); // leader_epoch
    return { topic, partition, errorCode, offset };
  });
}

/**
 * The offset at `timestamp` (-1n: the end; -2n: the start) of partitions led by the broker behind
 * `connection`, each with its own error code: one partition without an answer does not fail the others,
 * and nothing is retried here (the client library's listing fails whole and retries for seconds).
 */
export function listOffsetsRaw(connection: Connection, partitions: ReadonlyArray<{ topic: string; partition: number }>, timestamp: bigint, readCommitted: boolean): Promise<ListedOffset[]> {
  return new Promise((resolve, reject) => {
    connection.send(LIST_OFFSETS_KEY, LIST_OFFSETS_VERSION, () => createRequest(partitions, timestamp, readCommitted), parseResponse, false, false, (err, res) => (err ? reject(err) : resolve(res!)));
  });
}
