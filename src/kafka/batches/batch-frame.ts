import { batchCrc } from './batch-crc.ts';
import { compress } from './codecs.ts';
import { ATTRIBUTES, BASE_OFFSET, BASE_SEQUENCE, BASE_TIMESTAMP, BATCH_LENGTH, CRC, LAST_OFFSET_DELTA, LOG_OVERHEAD, MAGIC, MAX_TIMESTAMP, PARTITION_LEADER_EPOCH, PRODUCER_EPOCH, PRODUCER_ID, RECORD_COUNT, RECORDS } from './batch-layout.ts';

/** What a batch's header says of its records, which are numbered 0 to count - 1. */
export interface BatchRecords {
  /** The encoded records, uncompressed. */
  body: Buffer;
  count: number;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
}

/**
 * Wraps encoded records into a magic-v2 batch with `codec`'s compression: offsets from 0, no producer
 * (restampBatch sets it on the way out), CreateTime, and its CRC.
 */
export function frameBatch(records: BatchRecords, codec: number): Buffer {
  const payload = compress(codec, records.body);
  const batch = Buffer.allocUnsafe(RECORDS + payload.length);
  batch.writeBigInt64BE(0n, BASE_OFFSET);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, BATCH_LENGTH);
  batch.writeInt32BE(-1, PARTITION_LEADER_EPOCH);
  batch.writeInt8(2, MAGIC);
  batch.writeInt16BE(codec, ATTRIBUTES);
  batch.writeInt32BE(records.count - 1, LAST_OFFSET_DELTA);
  batch.writeBigInt64BE(records.baseTimestamp, BASE_TIMESTAMP);
  batch.writeBigInt64BE(records.maxTimestamp, MAX_TIMESTAMP);
  batch.writeBigInt64BE(-1n, PRODUCER_ID);
  batch.writeInt16BE(-1, PRODUCER_EPOCH);
  batch.writeInt32BE(-1, BASE_SEQUENCE);
  batch.writeInt32BE(records.count, RECORD_COUNT);
  payload.copy(batch, RECORDS);
  batch.writeUInt32BE(batchCrc(batch.subarray(ATTRIBUTES)), CRC);
  return batch;
}
