import { Writer, type Connection, type Reader } from '@platformatic/kafka';
import { appendTopicPartitions, readTopicPartitions } from './topic-arrays.ts';

/**
 * Produce v8: the newest version without flexible fields, served by every target we support
 * (Kafka 3.x and 4.x serve v3 and up). v8 responses carry per-record errors and an error message,
 * which is how a refused record is named to the user.
 */
const PRODUCE_KEY = 0;
const PRODUCE_VERSION = 8;

export interface ProduceBatch {
  topic: string;
  partition: number;
  /** One magic-v2 batch, producer fields already stamped. Kafka takes one batch per partition per request. */
  batch: Buffer;
}

export interface ProducedPartition {
  topic: string;
  partition: number;
  errorCode: number;
  baseOffset: bigint;
  errorMessage: string | null;
  recordErrors: Array<{ batchIndex: number; message: string | null }>;
}

function createRequest(transactionalId: string | null, timeoutMs: number, batches: ProduceBatch[]): Writer {
  const head = Writer.create()
    .appendString(transactionalId, false)
    .appendInt16(-1) // acks=all: exactly-once and no loss both need it
    .appendInt32(timeoutMs);
  return appendTopicPartitions(head, batches, (w, p) => {
    w.appendInt32(p.partition).appendInt32(p.batch.length).append(p.batch);
  });
}

function parseResponse(_c: number, _k: number, _v: number, r: Reader): ProducedPartition[] {
  const out = readTopicPartitions(r, (r, topic): ProducedPartition => {
    const partition = r.readInt32();
    const errorCode = r.readInt16();
    const baseOffset = r.readInt64();
    r.readInt64(); // log_append_time_ms
    r.readInt64(); // log_start_offset
    const recordErrors = r.readArray((r) => ({ batchIndex: r.readInt32(), message: r.readNullableString(false) }), false, false);
    const errorMessage = r.readNullableString(false);
    return { topic, partition, errorCode, baseOffset, errorMessage, recordErrors };
  });
  r.readInt32(); // throttle_time_ms
  return out;
}

/** Writes pre-encoded batches to partitions led by the broker behind `connection`. */
export function produceRaw(connection: Connection, transactionalId: string | null, timeoutMs: number, batches: ProduceBatch[]): Promise<ProducedPartition[]> {
  return new Promise((resolve, reject) => {
    connection.send(PRODUCE_KEY, PRODUCE_VERSION, () => createRequest(transactionalId, timeoutMs, batches), parseResponse, false, false, (err, res) => (err ? reject(err) : resolve(res!)));
  });
}
