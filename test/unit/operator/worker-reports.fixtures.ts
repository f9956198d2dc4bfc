import type { StoppedPartitionReport, WorkerReport, WorkerReports, WorkerSyncSummary } from '../../../operator/worker-report.ts';

export const REVISION = 1_700_000_000_000;

/** A worker's /status as the operator parsed it: running, ready, nothing stopped, unless told otherwise. */
export function aWorkerReport(worker: number, overrides: Partial<WorkerReport> = {}): WorkerReport {
  return { pod: `orders-worker-${worker}`, ready: true, state: 'Running', worker, revision: REVISION, stopped: [], ...overrides };
}

export const reportsOf = (reports: WorkerReport[], unread: string[] = []): WorkerReports => ({ reports, unread });

export const tooLarge = (topic: string, partition: number, offset: number): StoppedPartitionReport => ({
  topic,
  partition,
  offset,
  error: 'MESSAGE_TOO_LARGE',
  message: 'The request included a message larger than the max message size the server will accept.',
});

export const aSyncRound = (lastRoundAt: string, overrides: Partial<WorkerSyncSummary> = {}): WorkerSyncSummary => ({
  lastRoundAt,
  errors: 0,
  groups: { matched: 2, synced: 2, failed: [] },
  ...overrides,
});
