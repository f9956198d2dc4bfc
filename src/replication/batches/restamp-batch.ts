import { crc32c } from '@platformatic/kafka';
import { ATTRIBUTES, BASE_OFFSET, BASE_SEQUENCE, CRC, PARTITION_LEADER_EPOCH, PRODUCER_EPOCH, PRODUCER_ID, TRANSACTIONAL } from './batch-layout.ts';

/** The producer identity a forwarded batch is written under on the target. */
export interface ProducerStamp {
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  transactional: boolean;
}

/**
 * Copies a magic-v2 batch and rewrites what belongs to the writer rather than to the records: the
 * producer id, epoch and base sequence (so the target's idempotence and transactions apply to us),
 * the transactional flag, the base offset (the broker assigns offsets) and the leader epoch (the
 * broker sets its own), then recomputes the CRC-32C. Keys, values, headers, timestamps, offsets
 * deltas and compression stay byte for byte.
 */
export function restampBatch(source: Buffer, stamp: ProducerStamp): Buffer {
  const out = Buffer.from(source);
  out.writeBigInt64BE(0n, BASE_OFFSET);
  out.writeInt32BE(-1, PARTITION_LEADER_EPOCH);
  const attributes = out.readInt16BE(ATTRIBUTES);
  out.writeInt16BE(stamp.transactional ? attributes | TRANSACTIONAL : attributes & ~TRANSACTIONAL, ATTRIBUTES);
  out.writeBigInt64BE(stamp.producerId, PRODUCER_ID);
  out.writeInt16BE(stamp.producerEpoch, PRODUCER_EPOCH);
  out.writeInt32BE(stamp.baseSequence, BASE_SEQUENCE);
  out.writeUInt32BE(crc32c(out.subarray(ATTRIBUTES)) >>> 0, CRC);
  return out;
}
