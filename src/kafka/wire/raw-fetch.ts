import { Writer, type Connection, type Reader } from '@platformatic/kafka';
import { encodeTopicPartitions, writeInt64 } from './topic-arrays.ts';
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
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  abortedTransactions: readonly AbortedTransaction[];
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

/** Fetch v11's fixed fields before the topics, then the partitions, forgotten partitions and rack, each encoded whole. */
const HEAD_BYTES = 4 + 4 + 4 + 4 + 1 + 4 + 4;
const PARTITION_BYTES = 4 + 4 + 8 + 8 + 4;

function createRequest(options: FetchOptions, session: SessionRequest): Writer {
  const head = Buffer.allocUnsafe(HEAD_BYTES);
  let at = head.writeInt32BE(-1, 0); // replica_id: a consumer
  at = head.writeInt32BE(options.maxWaitMs, at);
  at = head.writeInt32BE(options.minBytes, at);
  at = head.writeInt32BE(options.maxBytes, at);
  at = head.writeInt8(options.isolationLevel, at);
  at = head.writeInt32BE(session.sessionId, at);
  head.writeInt32BE(session.epoch, at);
  const partitions = encodeTopicPartitions(session.partitions, PARTITION_BYTES, (b, at, p) => {
    b.writeInt32BE(p.partition, at);
    b.writeInt32BE(-1, at + 4); // current_leader_epoch: unknown, skip fencing checks
    writeInt64(b, p.offset, at + 8);
    writeInt64(b, -1, at + 16); // log_start_offset: only followers send it
    b.writeInt32BE(p.maxBytes, at + 24);
  });
  const forgotten = encodeTopicPartitions(session.forgotten, 4, (b, at, p) => b.writeInt32BE(p.partition, at));
  return Writer.create().append(head).append(partitions).append(forgotten).appendString('', false); // rack_id
}

/** An int64 offset or watermark as a number: exact below 2^53, and -1 stays -1. */
const readOffset = (r: Reader): number => r.readInt32() * 0x1_0000_0000 + r.readUnsignedInt32();

const NONE_ABORTED: readonly AbortedTransaction[] = Object.freeze([]);
const NO_RECORDS = Buffer.alloc(0);

/**
 * Read field by field, with no closure, BigInt or empty array per partition: a fetch answers for
 * hundreds of partitions, several times a second.
 */
function parseResponse(_c: number, _k: number, _v: number, r: Reader): FetchResponse {
  r.readInt32(); // throttle_time_ms
  const errorCode = r.readInt16();
  const sessionId = r.readInt32();
  const partitions: FetchedPartition[] = [];
  for (let topics = r.readInt32(); topics > 0; topics--) {
    const topic = r.readString(false);
    for (let count = r.readInt32(); count > 0; count--) {
      const partition = r.readInt32();
      const partitionError = r.readInt16();
      const highWatermark = readOffset(r);
      const lastStableOffset = readOffset(r);
      const logStartOffset = readOffset(r);
      const aborted = r.readInt32(); // -1: null
      let abortedTransactions = NONE_ABORTED;
      if (aborted > 0) {
        const list: AbortedTransaction[] = [];
        for (let a = 0; a < aborted; a++) list.push({ producerId: r.readInt64(), firstOffset: r.readInt64() });
        abortedTransactions = list;
      }
      r.readInt32(); // preferred_read_replica: the worker reads from leaders
      const records = r.readNullableBytes(false) ?? NO_RECORDS;
      partitions.push({ topic, partition, errorCode: partitionError, highWatermark, lastStableOffset, logStartOffset, abortedTransactions, records });
    }
  }
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
