import type { SourcePartition } from './assignment.ts';

/** The stopped message of a partition the job may not read (source) or write (target); the CLI picks its hint by it. */
export const PERMISSION_MISSING = {
  read: 'the job may not read this topic on the source',
  write: 'the job may not write this topic on the target',
} as const;

/** Why a partition stopped: a record the target refused, or a permission missing. Never skipped silently. */
export interface StoppedPartition {
  /** Source offset of the first record of the batch that was refused. */
  offset: number;
  /** Kafka's name of the error, e.g. MESSAGE_TOO_LARGE. */
  error: string;
  message: string;
  /**
   * A missing permission may be granted at any time: the partition is tried again from this time on
   * (ms since the epoch), and copies again once Kafka allows it. A refused record has none: the
   * target's config must change and the workers restart.
   */
  retryAt?: number;
}

/** How long a partition stopped for a missing permission waits before it is tried again. */
export const PERMISSION_RETRY_MS = 30_000;

/** Whether a stopped partition is due for another try now. */
export const retryDue = (stopped: StoppedPartition | undefined, now: number): boolean => stopped?.retryAt !== undefined && stopped.retryAt <= now;

/** One assigned partition as the worker tracks it. */
export interface PartitionState {
  source: SourcePartition;
  target: SourcePartition;
  /** The next source offset to copy; moves only when a transaction (or, AtLeastOnce, a checkpoint) is durable. */
  position: number;
  /** The source's last stable offset at the last fetch: what a read_committed reader can see. */
  endOffset: number;
  /** Records copied since the job began (kept in the checkpoints, so it survives restarts). */
  copied: number;
  /**
   * The target offset the next copy lands at or after (see targetNextAfter), as the checkpoint at
   * `position` records it; undefined until a checkpoint records one: the next round lists the target
   * partition's end and records it, even when it copies nothing, so a group committed here translates.
   */
  targetNext?: number;
  stopped?: StoppedPartition;
  /**
   * The target partition cannot take records yet: it is not listed (the metadata sync creates it), or
   * it is listed but has not told its end (its log is being made; see TargetEnds).
   */
  waitingForTarget?: boolean;
  /**
   * The target refused a batch that joined several of this partition's source batches (too large for
   * the target topic's max.message.bytes, say): its batches are written as the source has them from
   * then on, so a refusal names the very record and the partition stops there.
   */
  unjoined?: true;
}

/** Counters since the worker started; the metrics module reads them. */
export interface ReplicationTotals {
  records: number;
  bytes: number;
  forwardedBatches: number;
  reencodedBatches: number;
  joinedBatches: number;
  transactionsCommitted: number;
  transactionsAborted: number;
  recordsLostToRetention: number;
}

export const emptyTotals = (): ReplicationTotals => ({
  records: 0,
  bytes: 0,
  forwardedBatches: 0,
  reencodedBatches: 0,
  joinedBatches: 0,
  transactionsCommitted: 0,
  transactionsAborted: 0,
  recordsLostToRetention: 0,
});

export const recordsBehind = (p: PartitionState): number => Math.max(0, p.endOffset - p.position);
