/** The many-jobs section's shape and figures (results.json `jobs`). */
import type { StepTime } from '../steady/step-times.ts';
import type { RequestsByApi } from './request-counts.ts';

export interface JobsShape {
  jobs: number;
  /** Partitions of each job's topic. */
  partitions: number;
  recordsPerJob: number;
}

/** Reconciles observed in a window, from the operator's kafka_mirror_reconcile_duration_seconds. */
export interface ReconcileFigures {
  count: number;
  perSecond: number;
  /** Upper bounds of the histogram buckets holding the 50th and 99th percentiles. */
  p50AtMostSeconds: number;
  p99AtMostSeconds: number;
}

export interface JobsResult {
  shape: JobsShape;
  /** Creating every MirrorJob through the API, one after another. */
  applySeconds: number;
  /** Jobs that reached Ready=True, and CaughtUp, before the section gave up. */
  ready: number;
  caughtUp: number;
  /** Per job, from its apply to its first status with Ready=True. */
  readySeconds: { p50: number; p99: number; max: number };
  /** From the first apply until the last job showed phase CaughtUp. */
  allCaughtUpSeconds: number;
  /** From the first apply until all were CaughtUp. */
  rolloutReconciles: ReconcileFigures;
  /** The jobs idle, caught up, for idleSeconds. */
  idleReconciles: ReconcileFigures;
  /** Where the idle reconciles spent their time (kafka_mirror_reconcile_step_seconds; kafka and workers side by side). */
  idleSteps?: StepTime[];
  idleSeconds: number;
  operator: { peakRssMiB: number; rssMiB: number; rolloutCpuSeconds: number; idleCpuPercent: number };
  workers: { pods: number; rssMiB: number; idleCpuPercent: number };
  /** Requests per second each broker served in the idle window, from its request log: the operator's, the workers' metadata syncs', the workers' data paths'. */
  kafkaRequestsPerSecond: Record<'source' | 'target', { operator: number; sync: number; workers: number }>;
  operatorRequestsByApi: Record<'source' | 'target', RequestsByApi>;
  /** Source records kcat did not find on the target, over the topics it could read. */
  recordsMissing: number;
  /** Target topics kcat could not read (missing, or its read failed). */
  topicsUnread?: string[];
}

/** What results.json holds: the figures, or why the section failed. */
export type JobsOutcome = JobsResult | { shape: JobsShape; error: string };
