import { committedBatches, compressionOf, decodeRecords, encodeBatch, type FetchedPartition, isForwardable, type RawBatch } from '../../kafka/index.ts';

/** A batch ready for the target and the source offsets of its records, in order. */
export interface PreparedBatch {
  bytes: Buffer;
  recordCount: number;
  /** The source offset of the batch's first record; with `offsets` absent the records are consecutive. */
  firstOffset: number;
  /** Source offsets of every record, when they are not consecutive (compaction gaps, partial batches). */
  offsets?: number[];
  /** Whether the source bytes went through unchanged (the fast path); for metrics. */
  forwarded: boolean;
  /** The newest record timestamp in the batch (ms), for the record-age metric. */
  maxTimestamp: number;
}

export interface PreparedPartition {
  batches: PreparedBatch[];
  /** The source position after everything this fetch returned, skipped records included. */
  nextPosition: number;
  records: number;
  bytes: number;
}

/**
 * Turns one partition of a fetch response (`all`: its records field split into batches, once, by the
 * caller) into batches for the target. Whole v2 batches without gaps
 * are forwarded as they are; everything else (legacy formats, offset gaps, LogAppendTime, a batch that
 * starts before `position`) is decoded and re-encoded with the same codec. Aborted transactions and
 * control batches are dropped, and so are batches of `skipProducer` (records that came back from the
 * job's own target); the position still moves past them.
 */
export function preparePartition(
  fetched: FetchedPartition,
  all: RawBatch[],
  position: number,
  skipProducer: (producerId: bigint) => boolean = () => false,
): PreparedPartition {
  const last = all.at(-1);
  const nextPosition = last ? Math.max(position, Number(last.lastOffset) + 1) : position;
  const out: PreparedBatch[] = [];
  let records = 0;
  let bytes = 0;
  for (const batch of committedBatches(all, fetched.abortedTransactions)) {
    if (Number(batch.lastOffset) < position || skipProducer(batch.producerId)) continue;
    if (isForwardable(batch) && Number(batch.baseOffset) >= position) {
      out.push({ bytes: batch.bytes, recordCount: batch.recordCount, firstOffset: Number(batch.baseOffset), forwarded: true, maxTimestamp: Number(batch.maxTimestamp) });
      records += batch.recordCount;
      bytes += batch.bytes.length;
      continue;
    }
    const kept = decodeRecords(batch).filter((r) => Number(r.offset) >= position);
    if (kept.length === 0) continue;
    const encoded = encodeBatch(kept, compressionOf(batch));
    const offsets = kept.map((r) => Number(r.offset));
    const consecutive = offsets.every((o, i) => o === offsets[0]! + i);
    const maxTimestamp = kept.reduce((m, r) => Math.max(m, Number(r.timestamp)), 0);
    out.push({ bytes: encoded, recordCount: kept.length, firstOffset: offsets[0]!, ...(consecutive ? {} : { offsets }), forwarded: false, maxTimestamp });
    records += kept.length;
    bytes += encoded.length;
  }
  return { batches: out, nextPosition, records, bytes };
}
