import { ConditionReason, ConditionType, type Condition, type ConditionUpdate, type TopicLag } from '../src/api/index.ts';
import type { WorkerSyncSummary } from './worker-report.ts';

// Pure: the CutoverReady condition (migration-guide.md, step 6.2). The user stops the producers and sets
// spec.cutover; the workers go on copying, and the job is ready for cutover once nothing is left to
// copy and, when group offsets are synced, a sync round that began after the drain wrote them all.

/** Topics named in the Draining message. */
const LISTED_TOPICS = 3;

/**
 * lastTransitionTime has whole seconds, so a round stamped in the same second as the drain may have
 * started just before it: such a round proves nothing, one a second later does.
 */
const TIME_RESOLUTION_MS = 1_000;

export interface CutoverInput {
  requested: boolean;
  /** When the operator first saw the request (ISO 8601); offsets must come from a round after it. */
  requestedAt?: string;
  syncOffsets: boolean;
  /** Lag as measured in this pass; undefined when it could not be measured. */
  lag: { records: number; partitions: number; topTopics: readonly TopicLag[] } | undefined;
  /** The CaughtUp condition as set in this pass: its lastTransitionTime is when lag was seen reaching 0. */
  caughtUp: Condition | undefined;
  /** Worker 0's latest sync round, if it answered with one. */
  sync: WorkerSyncSummary | undefined;
}

const remaining = (lag: NonNullable<CutoverInput['lag']>): string => {
  const topics = lag.topTopics.slice(0, LISTED_TOPICS).map((t) => `${t.name}: ${t.records}`);
  return `${lag.records} records left to copy${topics.length > 0 ? ` (${topics.join(', ')}${lag.topTopics.length > LISTED_TOPICS ? ', ...' : ''})` : ''}`;
};

/** Why the group offsets are not final yet, or undefined when the latest round wrote them after the drain. */
function offsetsPending(sync: WorkerSyncSummary | undefined, drainedAt: string): string | undefined {
  const after = `a group-offset sync round that starts after the drain (${drainedAt})`;
  if (!sync?.lastRoundAt) return `waiting for ${after}`;
  if (Date.parse(sync.lastRoundAt) < Date.parse(drainedAt) + TIME_RESOLUTION_MS) return `waiting for ${after}; the latest started at ${sync.lastRoundAt}`;
  const failed = sync.groups?.failed ?? [];
  if (failed.length > 0) {
    const named = failed.slice(0, LISTED_TOPICS).map((f) => `${f.group} (${f.reason.slice(0, 120)})`).join(', ');
    return `the sync round of ${sync.lastRoundAt} could not write the offsets of ${failed.length} group(s): ${named}`;
  }
  if ((sync.errors ?? 0) > 0) return `the sync round of ${sync.lastRoundAt} had ${sync.errors} failed action(s); see worker 0's log`;
  return undefined;
}

export function cutoverCondition(input: CutoverInput, generation: number | undefined): ConditionUpdate {
  const base = { type: ConditionType.CutoverReady, observedGeneration: generation };
  if (!input.requested) return { ...base, status: 'False', reason: ConditionReason.CutoverNotRequested, message: 'spec.cutover is false' };
  const draining = (message: string): ConditionUpdate => ({ ...base, status: 'False', reason: ConditionReason.Draining, message: `draining: ${message}` });
  if (!input.lag) return draining('lag not measured: a cluster could not be read');
  if (input.lag.records > 0 || input.caughtUp?.status !== 'True') return draining(remaining(input.lag));
  const done = `all ${input.lag.partitions} partitions copied to the end`;
  if (!input.syncOffsets) return { ...base, status: 'True', reason: ConditionReason.CutoverComplete, message: `${done}; group offsets are not synced (spec.groups.syncOffsets is false)` };
  // The later of "lag reached 0" and "cutover requested": consumers stop before the request, and
  // their last commits must be in the round that makes the offsets final.
  const since = [input.caughtUp.lastTransitionTime, input.requestedAt].filter((t): t is string => t !== undefined).sort((a, b) => Date.parse(b) - Date.parse(a))[0]!;
  const pending = offsetsPending(input.sync, since);
  if (pending) return draining(`${done}; ${pending}`);
  return { ...base, status: 'True', reason: ConditionReason.CutoverComplete, message: `${done}; group offsets written by the sync round of ${input.sync?.lastRoundAt}` };
}
