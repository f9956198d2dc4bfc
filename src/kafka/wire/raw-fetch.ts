import { Writer, type Connection, type Reader } from '@platformatic/kafka';
import { appendTopicPartitions, readTopicPartitions } from './topic-arrays.ts';
import type { AbortedTransaction } from '../batches/read-committed.ts';
import type { FetchPartitionRequest, SessionRequest } from './fetch-session.ts';

export type { FetchPartitionRequest } from './fetch-session.ts';

/** Fetch v11: the newest version without flexible fields that Kafka 2.6 (max v11) through 4.x (min v4) all serve. */
const FETCH_KEY = 1;
const FETCH_VERSION = 11;

export const ReadCommitted = 1;

export interface FetchedPartition {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: bigint;
  lastStableOffset: bigint;
  logStartOffset: bigint;
  abortedTransactions: AbortedTransaction[];
  /** The records field as the broker sent it: whole batches, maybe a partial one at the end. */
  records: Buffer;
}

export interface FetchOptions {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
}

export interface FetchResponse {
  /** Top level: set when the broker refused the request's session (the partitions are then empty). */
  errorCode: number;
  sessionId: number;
  partitions: FetchedPartition[];
}

function createRequest(options: FetchOptions, session: SessionRequest): Writer {
  const head = Writer.create()
    .appendInt32(-1) // replica_id: a consumer
    .appendInt32(options.maxWaitMs)
    .appendInt32(options.minBytes)
    .appendInt32(options.maxBytes)
    .appendInt8(options.isolationLevel)
    .appendInt32(session.sessionId)
    .appendInt32(session.epoch);
  appendTopicPartitions(head, session.partitions, (w, p) => {
    w.appendInt32(p.partition)
      .appendInt32(-1) // current_leader_epoch: unknown, skip fencing checks
      .appendInt64(BigInt(p.offset))
      .appendInt64(-1n) // log_start_offset: only followers send it
      .appendInt32(p.maxBytes);
  });
  return appendTopicPartitions(head, session.forgotten, (w, p) => w.appendInt32(p.partition)) // forgotten_topics_data
    .appendString('', false); // rack_id
}

function parseResponse(_c: number, _k: number, _v: number, r: Reader): FetchResponse {
  r.readInt32(); // throttle_time_ms
  const errorCode = r.readInt16();
  const sessionId = r.readInt32();
  const partitions = readTopicPartitions(r, (r, topic): FetchedPartition => {
    const partition = r.readInt32();
    const partitionError = r.readInt16();
    const highWatermark = r.readInt64();
    const lastStableOffset = r.readInt64();
    const logStartOffset = r.readInt64();
    const abortedTransactions = r.readNullableArray((r) => ({ producerId: r.readInt64(), firstOffset: r.readInt64() }), false, false) ?? [];
    r.readInt32(); // preferred_read_replica: the worker reads from leaders
    const records = r.readNullableBytes(false) ?? Buffer.alloc(0);
    return { topic, partition, errorCode: partitionError, highWatermark, lastStableOffset, logStartOffset, abortedTransactions, records };
  });
  return { errorCode, sessionId, partitions };
}

/**
 * Fetches within a session (fetch-session.ts builds `session`) from the broker behind `connection`,
 * which leads every partition named, and keeps each partition's records as raw bytes.
 */
export function fetchInSession(connection: Connection, options: FetchOptions, session: SessionRequest): Promise<FetchResponse> {
  return new Promise((resolve, reject) => {
    connection.send(FETCH_KEY, FETCH_VERSION, () => createRequest(options, session), parseResponse, false, false, (err, res) => (err ? reject(err) : resolve(res!)));
  });
}

/** A whole fetch outside any session: for one-off reads that keep no state between requests. */
export function fetchRaw(connection: Connection, options: FetchOptions, partitions: FetchPartitionRequest[]): Promise<FetchResponse> {
  return fetchInSession(connection, options, { sessionId: 0, epoch: -1, partitions, forgotten: [] });
}
