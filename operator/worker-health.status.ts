import { boundFailedGroups, ConditionReason, ConditionType, type Condition, type ConditionUpdate, type MirrorJobStatus } from '../src/api/index.ts';
import { isAuthorizationFailure } from '../src/kafka/index.ts';
import type { StoppedPartitionReport, WorkerReport, WorkerReports, WorkerSyncSummary } from './worker-report.ts';

// Pure: the Degraded condition and status.groups from what the workers said on /status.

/** Problems named in the Degraded message; the rest are counted. A condition message is read by people. */
const LISTED_PROBLEMS = 5;
const DETAIL_CHARS = 160;

/** What the health part of status needs to know about the job and its workers. */
export interface WorkerHealthInput {
  paused: boolean;
  desired: number;
  /** The revision in force; reports of older revisions are from Pods being replaced (and fenced). */
  revision: number | undefined;
  reports: WorkerReports | undefined;
}

/** Reports of the revision in force only: an old generation's workers stand down by design during a roll. */
export function currentReports(input: Pick<WorkerHealthInput, 'revision' | 'reports'>): WorkerReport[] {
  return (input.reports?.reports ?? []).filter((r) => input.revision === undefined || r.revision === input.revision);
}


const describeStopped = (s: StoppedPartitionReport): string =>
  `topic ${s.topic} partition ${s.partition} stopped at offset ${s.offset}: ${s.error}${s.message ? ` (${s.message.slice(0, DETAIL_CHARS)})` : ''}`;

const byPartition = (a: StoppedPartitionReport, b: StoppedPartitionReport): number => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition);

/** A worker that keeps failing to start because Kafka refuses it a permission (it retries, but only an ACL helps). */
// A worker's Starting reason begins with Kafka's error name (KafkaClientError.summary).
const deniedWhileStarting = (r: WorkerReport): boolean => r.state === 'Starting' && r.reason !== undefined && isAuthorizationFailure(r.reason.split(':', 1)[0]!);

function problemsOf(reports: readonly WorkerReport[]): { reason: string; lines: string[] } | undefined {
  const stopped = reports.flatMap((r) => r.stopped).sort(byPartition);
  const byWorker = (a: WorkerReport, b: WorkerReport) => a.worker - b.worker;
  const denied = reports.filter(deniedWhileStarting).sort(byWorker);
  const idle = reports.filter((r) => r.state === 'Idle').sort(byWorker);
  if (stopped.length === 0 && denied.length === 0 && idle.length === 0) return undefined;
  // One reason for the condition: a refused record needs the target fixed, a permission needs an ACL,
  // an idle worker needs nothing but attention; the message lists every kind.
  const reason = stopped.some((s) => !isAuthorizationFailure(s.error))
    ? ConditionReason.RecordRejected
    : stopped.length > 0 || denied.length > 0
      ? ConditionReason.PermissionDenied
      : ConditionReason.WorkerIdle;
  const lines = [
    ...stopped.map(describeStopped),
    ...denied.map((r) => `worker ${r.worker} (${r.pod}) cannot start: ${r.reason!.slice(0, DETAIL_CHARS)}`),
    ...idle.map((r) => `worker ${r.worker} (${r.pod}) is idle: ${(r.reason ?? 'no reason given').slice(0, DETAIL_CHARS)}`),
  ];
  return { reason, lines };
}

function listMessage(lines: readonly string[]): string {
  const more = lines.length > LISTED_PROBLEMS ? `; and ${lines.length - LISTED_PROBLEMS} more (see the workers' /status)` : '';
  return `${lines.slice(0, LISTED_PROBLEMS).join('; ')}${more}`;
}

/**
 * Degraded=True when a worker of the current revision reports a stopped partition or stands idle.
 * A worker that did not answer cannot clear an earlier Degraded=True (its partition is most likely
 * still stopped); only a full set of answers with no problem does.
 */
export function degradedCondition(input: WorkerHealthInput, previous: Condition | undefined, generation: number | undefined): ConditionUpdate {
  const base = { type: ConditionType.Degraded, observedGeneration: generation };
  if (input.paused) return { ...base, status: 'False', reason: ConditionReason.Paused, message: 'paused: nothing is copied' };
  const reports = currentReports(input);
  const problems = problemsOf(reports);
  if (problems) return { ...base, status: 'True', reason: problems.reason, message: listMessage(problems.lines) };
  const answered = new Set(reports.map((r) => r.worker)).size;
  if (answered >= input.desired) return { ...base, status: 'False', reason: ConditionReason.Reconciled, message: `${answered}/${input.desired} workers copy all their partitions` };
  if (previous && previous.status !== 'Unknown') return { ...base, status: previous.status, reason: previous.reason, message: previous.message };
  return { ...base, status: 'Unknown', reason: ConditionReason.WorkersStarting, message: `${answered}/${input.desired} workers answered on /status` };
}

/** Worker 0's metadata-sync summary, when worker 0 of the current revision answered with one. */
export function syncSummaryOf(input: Pick<WorkerHealthInput, 'revision' | 'reports'>): { answered: boolean; sync: WorkerSyncSummary | undefined } {
  const zero = currentReports(input).find((r) => r.worker === 0);
  return { answered: zero !== undefined, sync: zero?.sync };
}

/**
 * status.groups from worker 0's latest sync round. While worker 0 does not answer, the groups last
 * written stay: the numbers are those of the last round, which is still the latest known.
 */
export function groupsStatus(input: Pick<WorkerHealthInput, 'revision' | 'reports'>, previous: MirrorJobStatus['groups']): MirrorJobStatus['groups'] {
  const { answered, sync } = syncSummaryOf(input);
  if (!answered) return previous;
  const groups = sync?.groups;
  if (!groups) return undefined;
  return { matched: groups.matched, synced: groups.synced, failedCount: groups.failed.length, failed: boundFailedGroups(groups.failed.map((f) => ({ group: f.group, reason: f.reason.slice(0, 1024) }))) };
}
