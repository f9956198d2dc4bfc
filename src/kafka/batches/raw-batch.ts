import {
  ATTRIBUTES,
  BASE_OFFSET,
  BASE_SEQUENCE,
  BASE_TIMESTAMP,
  BATCH_LENGTH,
  COMPRESSION_MASK,
  CONTROL,
  DELETE_HORIZON,
  LAST_OFFSET_DELTA,
  LOG_OVERHEAD,
  MAGIC,
  MAX_TIMESTAMP,
  PRODUCER_EPOCH,
  PRODUCER_ID,
  RECORD_COUNT,
  TIMESTAMP_TYPE_LOG_APPEND,
  TRANSACTIONAL,
} from './batch-layout.ts';

/**
 * One batch of a fetch response, kept as the bytes the source broker sent. Header fields are read
 * once; the records stay encoded (and compressed) unless a slower path needs them.
 */
export interface RawBatch {
  /** The batch's bytes, a view into the fetch response (copy before keeping it long). */
  bytes: Buffer;
  magic: number;
  baseOffset: bigint;
  /** Offset of the batch's last record (for legacy wrappers: the wrapper's offset). */
  lastOffset: bigint;
  attributes: number;
  /** Records in the batch; -1 for legacy message sets (unknown until decoded). */
  recordCount: number;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
}

export const compressionOf = (b: RawBatch): number => b.attributes & COMPRESSION_MASK;
export const isControl = (b: RawBatch): boolean => b.magic >= 2 && (b.attributes & CONTROL) !== 0;
export const isTransactional = (b: RawBatch): boolean => b.magic >= 2 && (b.attributes & TRANSACTIONAL) !== 0;

/**
 * Whether the batch can be forwarded as it is, with only producer fields and CRC rewritten:
 * magic v2, offsets without gaps (so target offsets map one to one), record timestamps that are the
 * ones consumers see (not LogAppendTime, where the broker's append time overrides them), and no
 * delete-horizon base timestamp. Anything else is decoded and re-encoded.
 */
export function isForwardable(b: RawBatch): boolean {
  return (
    b.magic === 2 &&
    BigInt(b.recordCount) === b.lastOffset - b.baseOffset + 1n &&
    (b.attributes & (TIMESTAMP_TYPE_LOG_APPEND | DELETE_HORIZON | CONTROL)) === 0
  );
}

/**
 * Splits the records field of a fetch response partition into batches. A fetch may end in a partial
 * batch (the broker cuts at maxBytes); it is left out, and the next fetch starts at its offset.
 */
export function splitBatches(records: Buffer): RawBatch[] {
  const batches: RawBatch[] = [];
  let pos = 0;
  while (records.length - pos >= LOG_OVERHEAD + 5) {
    const size = records.readInt32BE(pos + BATCH_LENGTH);
    const end = pos + LOG_OVERHEAD + size;
    if (size <= 0 || end > records.length) break;
    const bytes = records.subarray(pos, end);
    batches.push(readHeader(bytes));
    pos = end;
  }
  return batches;
}

function readHeader(bytes: Buffer): RawBatch {
  const magic = bytes.readInt8(MAGIC);
  const baseOffset = bytes.readBigInt64BE(BASE_OFFSET);
  if (magic < 2) {
    // A legacy message (or a compressed wrapper of several): its offset is its last inner offset.
    const attributes = bytes.readInt8(MAGIC + 1);
    const timestamp = magic === 1 ? bytes.readBigInt64BE(MAGIC + 2) : -1n;
    return { bytes, magic, baseOffset, lastOffset: baseOffset, attributes, recordCount: -1, producerId: -1n, producerEpoch: -1, baseSequence: -1, baseTimestamp: timestamp, maxTimestamp: timestamp };
  }
  const lastOffsetDelta = bytes.readInt32BE(LAST_OFFSET_DELTA);
  return {
    bytes,
    magic,
    baseOffset,
    lastOffset: baseOffset + BigInt(lastOffsetDelta),
    attributes: bytes.readInt16BE(ATTRIBUTES),
    recordCount: bytes.readInt32BE(RECORD_COUNT),
    producerId: bytes.readBigInt64BE(PRODUCER_ID),
    producerEpoch: bytes.readInt16BE(PRODUCER_EPOCH),
    baseSequence: bytes.readInt32BE(BASE_SEQUENCE),
    baseTimestamp: bytes.readBigInt64BE(BASE_TIMESTAMP),
    maxTimestamp: bytes.readBigInt64BE(MAX_TIMESTAMP),
  };
}
