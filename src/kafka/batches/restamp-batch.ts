import { ATTRIBUTES, BASE_OFFSET, BASE_SEQUENCE, CRC, PARTITION_LEADER_EPOCH, PRODUCER_EPOCH, PRODUCER_ID, TRANSACTIONAL } from './batch-layout.ts';
import { batchCrc } from './batch-crc.ts';

/** The producer identity a forwarded batch is written under on the target. */
export interface ProducerStamp {
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  transactional: boolean;
}

/**
 * Rewrites, in place, what in a magic-v2 batch belongs to the writer rather than to the records: the
 * producer id, epoch and base sequence (so the target's idempotence and transactions apply to us),
 * the transactional flag, the base offset (the broker assigns offsets) and the leader epoch (the
 * broker sets its own), then recomputes the CRC-32C. Keys, values, headers, timestamps, offsets
 * deltas and compression stay byte for byte.
 *
 * In place because a forwarded batch is a view into the fetch response that nothing reads after it
 * is written (a failed round fetches again); a copy per batch was a third of the worker's allocations.
 * Stamping the same bytes again overwrites every field it sets, so a retry is safe. Returns `batch`.
 */
export function restampBatch(batch: Buffer, stamp: ProducerStamp): Buffer {
  batch.writeBigInt64BE(0n, BASE_OFFSET);
  batch.writeInt32BE(-1, PARTITION_LEADER_EPOCH);
  const attributes = batch.readInt16BE(ATTRIBUTES);
  batch.writeInt16BE(stamp.transactional ? attributes | TRANSACTIONAL : attributes & ~TRANSACTIONAL, ATTRIBUTES);
  batch.writeBigInt64BE(stamp.producerId, PRODUCER_ID);
  batch.writeInt16BE(stamp.producerEpoch, PRODUCER_EPOCH);
  batch.writeInt32BE(stamp.baseSequence, BASE_SEQUENCE);
  batch.writeUInt32BE(batchCrc(batch.subarray(ATTRIBUTES)), CRC);
  return batch;
}
