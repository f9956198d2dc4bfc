/** One record as consumers see it; the unit of the slow (decode and re-encode) path. */
export interface MirrorRecord {
  /** The record's offset on the source partition. */
  offset: bigint;
  /** The timestamp consumers see: CreateTime, or the broker's append time on LogAppendTime topics. */
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  /** Headers in order; duplicate keys are kept. */
  headers: Array<[Buffer, Buffer | null]>;
}
