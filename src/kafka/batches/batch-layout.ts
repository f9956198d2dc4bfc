/**
 * Byte layout of a record batch (magic v2), from Kafka's DefaultRecordBatch:
 *
 *   baseOffset: int64 | batchLength: int32 | partitionLeaderEpoch: int32 | magic: int8 | crc: uint32 |
 *   attributes: int16 | lastOffsetDelta: int32 | baseTimestamp: int64 | maxTimestamp: int64 |
 *   producerId: int64 | producerEpoch: int16 | baseSequence: int32 | recordCount: int32 | records...
 *
 * The CRC (CRC-32C) covers everything from attributes to the end of the batch. Legacy message sets
 * (magic 0 and 1) share the first 17 bytes' shape (offset, size, crc, magic), so the magic byte is
 * always at offset 16.
 */
export const BASE_OFFSET = 0;
export const BATCH_LENGTH = 8;
export const PARTITION_LEADER_EPOCH = 12;
export const MAGIC = 16;
export const CRC = 17;
export const ATTRIBUTES = 21;
export const LAST_OFFSET_DELTA = 23;
export const BASE_TIMESTAMP = 27;
export const MAX_TIMESTAMP = 35;
export const PRODUCER_ID = 43;
export const PRODUCER_EPOCH = 51;
export const BASE_SEQUENCE = 53;
export const RECORD_COUNT = 57;
export const RECORDS = 61;

/** Bytes before batchLength's count starts: baseOffset and batchLength itself. */
export const LOG_OVERHEAD = 12;

/** Attribute bits (int16). */
export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_LOG_APPEND = 0x08;
export const TRANSACTIONAL = 0x10;
export const CONTROL = 0x20;
/** KIP-534: the batch's base timestamp holds the delete horizon of its tombstones, not a record time. */
export const DELETE_HORIZON = 0x40;

