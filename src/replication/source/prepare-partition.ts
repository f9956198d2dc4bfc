import { committedBatches, compressionOf, decodeRecords, encodeBatch, type FetchedPartition, isForwardable, joinBatches, type RawBatch } from '../../kafka/index.ts';

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
  /** Whether it joins several source batches (see joinBatches): a refusal of it does not say which record was refused. */
  joined?: true;
  /** The newest record timestamp in the batch (ms), for the record-age metric. */
  maxTimestamp: number;
}

export interface PreparedPartition {
  batches: PreparedBatch[];
  /** The source position after everything this fetch returned, skipped records included. */
  nextPosition: number;
}

/**
 * A forwardable batch under this size is joined with its small neighbours of the same codec. A
 * compressed one only when it is tiny (a trickle's batch of a record or a few): joining it costs a
 * decompression and a compression, which a bulk copy of full compressed batches should not pay.
 */
const JOIN_BELOW_BYTES = 16 * 1024;
const JOIN_COMPRESSED_BELOW_BYTES = 1024;
const joinable = (b: RawBatch): boolean => b.bytes.length < (compressionOf(b) === 0 ? JOIN_BELOW_BYTES : JOIN_COMPRESSED_BELOW_BYTES);
/** A joined batch stays under this, well under the 1 MiB a topic accepts by default (max.message.bytes). */
const JOINED_MAX_BYTES = 256 * 1024;

/**
 * Turns one partition of a fetch response (`all`: its records field split into batches, once, by the
 * caller) into batches for the target. Whole v2 batches without gaps are forwarded as they are, except
 * that runs of small ones are joined into one (`join`; see joinBatches: a worker catching up on a
 * trickle would write a batch per record); everything else (legacy formats, offset gaps,
 * LogAppendTime, a batch that starts before `position`) is decoded and re-encoded with the same codec. Aborted transactions and
 * control batches are dropped, and so are batches of `skipProducer` (records that came back from the
 * job's own target); the position still moves past them.
 */
export function preparePartition(
  fetched: FetchedPartition,
  all: RawBatch[],
  position: number,
  skipProducer: (producerId: bigint) => boolean = () => false,
  join = true,
): PreparedPartition {
  const last = all.at(-1);
  const nextPosition = last ? Math.max(position, Number(last.lastOffset) + 1) : position;
  const out: PreparedBatch[] = [];
  const add = (b: PreparedBatch): void => void out.push(b);
  const small = new SmallBatches(add);
  for (const batch of committedBatches(all, fetched.abortedTransactions)) {
    if (Number(batch.lastOffset) < position || skipProducer(batch.producerId)) continue;
    if (isForwardable(batch) && Number(batch.baseOffset) >= position) {
      if (join && joinable(batch)) small.add(batch);
      else {
        small.flush();
        add(forwardedAsIs(batch));
      }
      continue;
    }
    small.flush();
    const kept = decodeRecords(batch).filter((r) => Number(r.offset) >= position);
    if (kept.length === 0) continue;
    const encoded = encodeBatch(kept, compressionOf(batch));
    const offsets = kept.map((r) => Number(r.offset));
    const consecutive = offsets.every((o, i) => o === offsets[0]! + i);
    const maxTimestamp = kept.reduce((m, r) => Math.max(m, Number(r.timestamp)), 0);
    add({ bytes: encoded, recordCount: kept.length, firstOffset: offsets[0]!, ...(consecutive ? {} : { offsets }), forwarded: false, maxTimestamp });
  }
  small.flush();
  return { batches: out, nextPosition };
}

const forwardedAsIs = (batch: RawBatch): PreparedBatch => ({ bytes: batch.bytes, recordCount: batch.recordCount, firstOffset: Number(batch.baseOffset), forwarded: true, maxTimestamp: Number(batch.maxTimestamp) });

/** Consecutive small forwardable batches of one codec, passed on joined (or as they are, when alone). */
class SmallBatches {
  readonly #emit: (b: PreparedBatch) => void;
  #run: RawBatch[] = [];
  #bytes = 0;

  constructor(emit: (b: PreparedBatch) => void) {
    this.#emit = emit;
  }

  add(batch: RawBatch): void {
    const first = this.#run[0];
    if (first && (compressionOf(first) !== compressionOf(batch) || this.#bytes + batch.bytes.length > JOINED_MAX_BYTES)) this.flush();
    this.#run.push(batch);
    this.#bytes += batch.bytes.length;
  }

  flush(): void {
    const run = this.#run;
    if (run.length === 1) this.#emit(forwardedAsIs(run[0]!));
    else if (run.length > 1) this.#emit(joined(run));
    this.#run = [];
    this.#bytes = 0;
  }
}

function joined(run: RawBatch[]): PreparedBatch {
  const contiguous = run.every((b, i) => i === 0 || b.baseOffset === run[i - 1]!.lastOffset + 1n);
  const offsets = contiguous ? undefined : run.flatMap((b) => Array.from({ length: b.recordCount }, (_, i) => Number(b.baseOffset) + i));
  return {
    bytes: joinBatches(run),
    recordCount: run.reduce((n, b) => n + b.recordCount, 0),
    firstOffset: Number(run[0]!.baseOffset),
    ...(offsets ? { offsets } : {}),
    forwarded: false,
    joined: true,
    maxTimestamp: run.reduce((m, b) => Math.max(m, Number(b.maxTimestamp)), 0),
  };
}
