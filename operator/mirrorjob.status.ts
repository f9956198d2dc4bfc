import {
  ConditionReason, ConditionType, findCondition, formatValidationErrors, setCondition, topLaggingTopics,
  type Condition, type ConditionUpdate, type MirrorJobPhase, type MirrorJobStatus, type ValidationError,
} from '../src/api/index.ts';
import { cutoverCondition, type CutoverInput } from './cutover.status.ts';
import type { ClusterReach, JobProgress } from './progress-reader.port.ts';
import { SYNC_CONDITION_TYPES, syncConditions, type SyncSpec } from './sync-conditions.status.ts';
import { currentReports, degradedCondition, groupsStatus, syncSummaryOf } from './worker-health.status.ts';
import type { WorkerReports } from './worker-report.ts';

/** What one reconcile saw of the world, the only input of status besides the job itself. */
export interface ObservedWorld {
  /** Present when the spec is invalid: nothing else was looked at. */
  invalid?: readonly ValidationError[];
  paused: boolean;
  /** spec.cutover, and whether group offsets are part of it (spec.groups.syncOffsets). */
  cutover: { requested: boolean; syncOffsets: boolean; requestedAt?: string };
  /** Which parts of the metadata sync the spec turns on. */
  sync: SyncSpec;
  /** `revision`: the one in force, when known; reports of other revisions are from Pods being replaced. */
  /** `settling`: the StatefulSet controller has not observed the latest spec yet. */
  workers: { desired: number; ready: number; outdated: number; settling?: boolean; selector: string; revision?: number };
  /** Undefined when the progress reader itself failed (a bug or timeout): conditions say Unknown. */
  progress: JobProgress | undefined;
  /** What the running worker Pods said on /status; undefined when they were not asked (paused, invalid). */
  workerReports?: WorkerReports;
}

/** The job's previous status and generation: conditions keep their transition times. */
export interface JobStatusInput {
  generation: number | undefined;
  status: MirrorJobStatus | undefined;
}

const LOGS = 'see the operator logs';

function reachCondition(type: string, reach: ClusterReach | undefined, generation: number | undefined): ConditionUpdate {
  if (!reach) return { type, status: 'Unknown', reason: ConditionReason.InternalError, message: `could not check the cluster; ${LOGS}`, observedGeneration: generation };
  if (reach.connected) return { type, status: 'True', reason: ConditionReason.Connected, message: '', observedGeneration: generation };
  return { type, status: 'False', reason: reach.reason, message: reach.message, observedGeneration: generation };
}

function workersCondition(world: ObservedWorld, previous: Condition | undefined, generation: number | undefined): ConditionUpdate {
  const { desired, ready, outdated, settling = false } = world.workers;
  const base = { type: ConditionType.WorkersReady, observedGeneration: generation };
  if (world.paused) return { ...base, status: 'True', reason: ConditionReason.Paused, message: 'paused: no workers run' };
  if (ready >= desired && outdated === 0 && !settling) return { ...base, status: 'True', reason: ConditionReason.WorkersReady, message: `${ready}/${desired} workers ready` };
  const reason = previous?.status === 'True' && outdated === 0 ? ConditionReason.WorkersUnavailable : ConditionReason.WorkersStarting;
  const rolling = settling ? ', waiting for the StatefulSet controller to take the latest spec' : outdated > 0 ? `, ${outdated} of an older revision being replaced` : '';
  return { ...base, status: 'False', reason, message: `${ready}/${desired} workers ready${rolling}${startingReasons(world)}` };
}

/** Why workers that answered are not copying yet, in their words (e.g. a Kafka error while starting). */
function startingReasons(world: ObservedWorld): string {
  const reports = currentReports({ revision: world.workers.revision, reports: world.workerReports });
  const lines = reports.filter((r) => r.state === 'Starting' && r.reason).sort((a, b) => a.worker - b.worker).map((r) => `worker ${r.worker}: ${r.reason!.slice(0, 200)}`);
  return lines.length > 0 ? `; ${lines.slice(0, 3).join('; ')}` : '';
}

function lagOf(progress: JobProgress | undefined) {
  const measured = progress?.measured;
  if (!measured) return undefined;
  return {
    measured,
    records: measured.recordsBehind,
    lag: { records: measured.recordsBehind, maxPartitionRecords: measured.maxPartitionRecordsBehind, topTopics: topLaggingTopics(measured.behindByTopic) },
  };
}

function caughtUpCondition(lag: ReturnType<typeof lagOf>, generation: number | undefined): ConditionUpdate {
  const base = { type: ConditionType.CaughtUp, observedGeneration: generation };
  if (!lag) return { ...base, status: 'Unknown', reason: ConditionReason.Lagging, message: 'lag not measured: a cluster could not be read' };
  if (lag.records === 0) return { ...base, status: 'True', reason: ConditionReason.CaughtUp, message: `${lag.measured.partitions.total} partitions copied to the end` };
  return { ...base, status: 'False', reason: ConditionReason.Lagging, message: `${lag.records} records behind` };
}

function cutoverInput(world: ObservedWorld, lag: ReturnType<typeof lagOf>, caughtUp: Condition | undefined): CutoverInput {
  return {
    ...world.cutover,
    lag: lag && { records: lag.records, partitions: lag.measured.partitions.total, topTopics: lag.lag.topTopics },
    caughtUp,
    sync: syncSummaryOf({ revision: world.workers.revision, reports: world.workerReports }).sync,
  };
}

function phaseOf(world: ObservedWorld, conditions: readonly Condition[], lag: ReturnType<typeof lagOf>): MirrorJobPhase {
  if (world.invalid) return 'Failed';
  if (world.paused) return 'Paused';
  const state = (type: string) => findCondition(conditions, type)?.status;
  if (state(ConditionType.SourceConnected) === 'False' || state(ConditionType.TargetConnected) === 'False') return 'Degraded';
  if (state(ConditionType.Degraded) === 'True') return 'Degraded';
  if (state(ConditionType.WorkersReady) !== 'True') return 'Pending';
  if (lag && lag.measured.topics.created < lag.measured.topics.matched) return 'Syncing';
  return lag?.records === 0 ? 'CaughtUp' : 'Replicating';
}

/**
 * The first condition that keeps the job from being Ready, as Ready's reason and message. Degraded
 * comes before WorkersReady: an idle worker is also not ready, and Degraded says why.
 */
function readyCondition(conditions: readonly Condition[], generation: number | undefined): ConditionUpdate {
  const base = { type: ConditionType.Ready, observedGeneration: generation };
  for (const type of [ConditionType.SourceConnected, ConditionType.TargetConnected, ConditionType.Degraded, ConditionType.WorkersReady]) {
    const c = findCondition(conditions, type);
    // For Degraded, True is the bad news, and Unknown (workers not asked yet) is no reason to hold Ready.
    const bad = type === ConditionType.Degraded ? c?.status === 'True' : c !== undefined && c.status !== 'True';
    if (c && bad) return { ...base, status: c.status === 'Unknown' ? 'Unknown' : 'False', reason: c.reason, message: `${type}: ${c.message}` };
  }
  // A sync the target refused needs a person; one still converging (Syncing) or a Conflict the job reports does not hold Ready.
  for (const type of SYNC_CONDITION_TYPES) {
    const c = findCondition(conditions, type);
    if (c?.status === 'False' && c.reason === ConditionReason.SyncFailed) return { ...base, status: 'False', reason: c.reason, message: `${type}: ${c.message}` };
  }
  return { ...base, status: 'True', reason: ConditionReason.Reconciled, message: '' };
}

/** Status from the observed world. Pure: the same world gives the same status, so nothing is written. */
export function computeStatus(job: JobStatusInput, world: ObservedWorld, now: Date): MirrorJobStatus {
  const generation = job.generation;
  let conditions: Condition[] = job.status?.conditions ?? [];
  const set = (update: ConditionUpdate) => (conditions = setCondition(conditions, update, now));
  const workers = { desired: world.paused ? 0 : world.workers.desired, ready: world.workers.ready, selector: world.workers.selector };
  if (world.invalid) {
    set({ type: ConditionType.Ready, status: 'False', reason: ConditionReason.InvalidSpec, message: formatValidationErrors(world.invalid), observedGeneration: generation });
    return { observedGeneration: generation, phase: 'Failed', conditions, workers };
  }
  const lag = lagOf(world.progress);
  set(reachCondition(ConditionType.SourceConnected, world.progress?.source, generation));
  set(reachCondition(ConditionType.TargetConnected, world.progress?.target, generation));
  set(workersCondition(world, findCondition(conditions, ConditionType.WorkersReady), generation));
  set(caughtUpCondition(lag, generation));
  const health = { paused: world.paused, desired: workers.desired, revision: world.workers.revision, reports: world.workerReports };
  set(degradedCondition(health, findCondition(conditions, ConditionType.Degraded), generation));
  for (const update of syncConditions(world.sync, health, (type) => findCondition(conditions, type), generation)) set(update);
  set(cutoverCondition(cutoverInput(world, lag, findCondition(conditions, ConditionType.CaughtUp)), generation));
  set(readyCondition(conditions, generation));
  const groups = groupsStatus(health, job.status?.groups);
  return {
    observedGeneration: generation,
    phase: phaseOf(world, conditions, lag),
    conditions,
    workers,
    ...(groups && { groups }),
    ...(lag && {
      lag: lag.lag,
      progress: {
        topics: lag.measured.topics,
        partitions: lag.measured.partitions,
        recordsBehind: lag.records,
        recordsCopied: lag.measured.recordsCopied,
      },
    }),
  };
}
