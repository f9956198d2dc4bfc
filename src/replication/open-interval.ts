import type { CopiedRange } from './checkpoints/progress-records.ts';
import { appendRun, targetNextAfter, type OffsetRun } from './offset-map/offset-runs.ts';
import type { PartitionState } from './partition-state.ts';
import type { PreparedBatch } from './source/prepare-partition.ts';

/**
 * The commit interval (decision 0003): everything written since the last commit, not yet durable.
 * ExactlyOnce keeps one transaction open for the interval, so a target partition gets one commit
 * marker per interval instead of one per fetch; both modes write the progress of the interval once
 * per partition. A failure drops the interval: positions stay at the last commit.
 *
 * The open interval is also where the next fetch starts from: a partition's position is its durable
 * position moved by what the interval holds.
 */

/** Records per partition of an interval that commits as soon as the worker has caught up (see `due`). */
export const EARLY_COMMIT_RECORDS = 100;

/** What the interval copied of one partition. */
interface PendingPartition {
  next: number;
  runs: OffsetRun[];
  targetNext: number | undefined;
  records: number;
  bytes: number;
  forwardedBatches: number;
  reencodedBatches: number;
  joinedBatches: number;
  newestTimestamp: number;
}

/** A partition's share of a commit: the range to record and the counts to account once it is durable. */
export interface CommittedPartition extends Omit<PendingPartition, 'runs'> {
  state: PartitionState;
}

export class OpenInterval {
  readonly #partitions = new Map<PartitionState, PendingPartition>();
  /** When each fetch whose data the interval holds started: the latency metric's starting points. */
  readonly #fetchStarts: number[] = [];
  #openedAt = 0;
  #bytes = 0;
  #records = 0;

  get empty(): boolean {
    return this.#partitions.size === 0;
  }

  /** Where the next fetch of `state` starts. */
  position(state: PartitionState): number {
    return this.#partitions.get(state)?.next ?? state.position;
  }

  /** Where the next copy of `state` lands at the earliest (see targetNextAfter); undefined until known. */
  targetNext(state: PartitionState): number | undefined {
    const pending = this.#partitions.get(state);
    return pending ? pending.targetNext : state.targetNext;
  }

  /**
   * Adds one fetch's copy of a partition: `batches` written as `runs`, its position moved to `next`.
   * `targetEnd` is the target partition's end when the partition's targetNext was not known yet.
   */
  add(state: PartitionState, next: number, batches: readonly PreparedBatch[], runs: readonly OffsetRun[], targetEnd: number | undefined, now: number): void {
    if (this.empty) this.#openedAt = now;
    let pending = this.#partitions.get(state);
    if (!pending) {
      pending = { next, runs: [], targetNext: state.targetNext ?? targetEnd, records: 0, bytes: 0, forwardedBatches: 0, reencodedBatches: 0, joinedBatches: 0, newestTimestamp: 0 };
      this.#partitions.set(state, pending);
    }
    pending.next = next;
    for (const r of runs) appendRun(pending.runs, r);
    pending.targetNext = targetNextAfter(pending.targetNext ?? targetEnd, runs);
    for (const b of batches) {
      pending.records += b.recordCount;
      this.#records += b.recordCount;
      pending.bytes += b.bytes.length;
      this.#bytes += b.bytes.length;
      if (b.forwarded) pending.forwardedBatches++;
      else if (b.joined) pending.joinedBatches++;
      else pending.reencodedBatches++;
      pending.newestTimestamp = Math.max(pending.newestTimestamp, b.maxTimestamp);
    }
  }

  /** Notes a fetch whose data went into the interval. */
  fetched(startedAt: number): void {
    this.#fetchStarts.push(startedAt);
  }

  /**
   * Time to commit: the interval is over; or it holds `byteCap` of data (bulk copies commit about as
   * often as before the interval); or the worker has caught up (`caughtUp`, asked last: it looks at
   * every partition) and the interval holds at least EARLY_COMMIT_RECORDS per partition it touched.
   * Holding such an interval open only delays its records for read_committed readers and the lag the
   * job reports, while a commit costs at most 1/EARLY_COMMIT_RECORDS of a marker and of a progress
   * record per record. A trickle (a few records per partition per interval) never gets there, so it
   * keeps one marker per partition per interval.
   */
  due(now: number, intervalMs: number, byteCap: number, caughtUp: () => boolean): boolean {
    if (this.empty) return false;
    if (now - this.#openedAt >= intervalMs || this.#bytes >= byteCap) return true;
    return this.#records >= EARLY_COMMIT_RECORDS * this.#partitions.size && caughtUp();
  }

  /** The progress that makes the interval durable: one range per partition it touched. */
  ranges(): CopiedRange[] {
    return [...this.#partitions].map(([state, p]) => ({
      ...state.source,
      start: state.position,
      end: p.next,
      runs: p.runs,
      copied: state.copied + p.records,
      targetNext: p.targetNext,
    }));
  }

  /** Closes the interval once it is durable: what each partition gained, and the fetch start times. */
  close(): { partitions: CommittedPartition[]; fetchStarts: number[] } {
    const partitions = [...this.#partitions].map(([state, p]) => ({
      state, next: p.next, targetNext: p.targetNext, records: p.records, bytes: p.bytes,
      forwardedBatches: p.forwardedBatches, reencodedBatches: p.reencodedBatches, joinedBatches: p.joinedBatches, newestTimestamp: p.newestTimestamp,
    }));
    const fetchStarts = [...this.#fetchStarts];
    this.drop();
    return { partitions, fetchStarts };
  }

  /** Forgets the interval (a failure: nothing of it is durable). */
  drop(): void {
    this.#partitions.clear();
    this.#fetchStarts.length = 0;
    this.#bytes = 0;
    this.#records = 0;
  }
}
