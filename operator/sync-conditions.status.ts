import { ConditionReason, ConditionType, type Condition, type ConditionUpdate } from '../src/api/index.ts';
import { syncSummaryOf, type WorkerHealthInput } from './worker-health.status.ts';
import type { WorkerSyncFailure, WorkerSyncSummary } from './worker-report.ts';

// Pure: TopicsInSync, ConfigsInSync, AclsInSync and GroupOffsetsInSync from worker 0's latest sync round.

/** Which parts of the metadata sync the spec turns on (topics are always synced). */
export interface SyncSpec {
  configs: boolean;
  acls: boolean;
  groups: boolean;
}

const LISTED = 5;

const SYNC_TYPES = [ConditionType.TopicsInSync, ConditionType.ConfigsInSync, ConditionType.AclsInSync, ConditionType.GroupOffsetsInSync] as const;
type SyncType = (typeof SYNC_TYPES)[number];

const SPEC_FIELD: Partial<Record<SyncType, { field: string; on: (s: SyncSpec) => boolean }>> = {
  [ConditionType.ConfigsInSync]: { field: 'spec.configs.sync', on: (s) => s.configs },
  [ConditionType.AclsInSync]: { field: 'spec.acls.sync', on: (s) => s.acls },
  [ConditionType.GroupOffsetsInSync]: { field: 'spec.groups.syncOffsets', on: (s) => s.groups },
};

type Verdict = Pick<ConditionUpdate, 'status' | 'reason' | 'message'>;

function listed(lines: readonly string[], total = lines.length): string {
  const more = total > Math.min(lines.length, LISTED) ? `; and ${total - Math.min(lines.length, LISTED)} more (see worker 0's log or kafka-mirror plan)` : '';
  return `${lines.slice(0, LISTED).join('; ')}${more}`;
}

const failureLine = (f: WorkerSyncFailure): string => `${f.action} ${f.resource}: ${f.error}${f.message ? ` (${f.message.slice(0, 160)})` : ''}`;

function refused(area: { failedCount: number; failed: WorkerSyncFailure[] } | undefined): Verdict | undefined {
  if (!area || area.failedCount === 0) return undefined;
  return { status: 'False', reason: ConditionReason.SyncFailed, message: `the target refused ${area.failedCount}: ${listed(area.failed.map(failureLine), area.failedCount)}` };
}

const unknownShape: Verdict = { status: 'Unknown', reason: ConditionReason.Syncing, message: 'worker 0 did not report this part of the sync (a worker of another version?)' };

function topicsVerdict(sync: WorkerSyncSummary): Verdict {
  const topics = sync.topics;
  if (!topics) return unknownShape;
  const failed = refused(topics);
  if (failed) return failed;
  if (topics.conflictCount > 0) {
    const lines = topics.conflicts.map((c) => `topic ${c.topic}: ${c.reason} (${c.detail})`);
    return { status: 'False', reason: ConditionReason.Conflict, message: `${topics.conflictCount} topics need a decision: ${listed(lines, topics.conflictCount)}` };
  }
  return { status: 'True', reason: ConditionReason.InSync, message: `${topics.matched} matched topics exist on the target` };
}

function configsVerdict(sync: WorkerSyncSummary): Verdict {
  const configs = sync.configs;
  if (!configs) return unknownShape;
  const skipped = configs.skippedCount > 0 ? `; ${configs.skippedCount} configs left out (read-only, sensitive or not valid on the target version: kafka-mirror plan lists them)` : '';
  const failed = refused(configs);
  if (failed) return { ...failed, message: `${failed.message}${skipped}` };
  return { status: 'True', reason: ConditionReason.InSync, message: `target topic configs match the source's${skipped}` };
}

function aclsVerdict(sync: WorkerSyncSummary): Verdict {
  const acls = sync.acls;
  if (!acls) return unknownShape;
  const skipped = acls.skipped;
  if (skipped?.error === 'SECURITY_DISABLED') {
    // A cluster without an authorizer: on the source there is nothing to copy; on the target nothing can hold the copy.
    if (skipped.side === 'source') return { status: 'True', reason: ConditionReason.InSync, message: 'the source has no authorizer: there are no ACLs to copy' };
    return { status: 'False', reason: ConditionReason.Conflict, message: 'the target has no authorizer (SECURITY_DISABLED): ACLs cannot be copied; set spec.acls.sync to false if that is intended' };
  }
  if (skipped) return { status: 'False', reason: ConditionReason.SyncFailed, message: `ACLs of the ${skipped.side} cannot be read: ${skipped.error} (the job's principal needs Describe on the Cluster there); ACLs are not synced` };
  return refused(acls) ?? { status: 'True', reason: ConditionReason.InSync, message: 'the target holds the ACLs the job mirrors' };
}

/** Outcomes of a group that are not failures: the job waits for them to change (see planner GroupOutcome). */
const WAITING_OUTCOMES = ['SkippedActiveOnTarget', 'NotYetTranslatable'];

function groupsVerdict(sync: WorkerSyncSummary): Verdict {
  const groups = sync.groups;
  if (!groups) return unknownShape;
  const waiting = groups.failed.filter((g) => WAITING_OUTCOMES.some((o) => g.reason.startsWith(o)));
  const errors = groups.failed.filter((g) => !waiting.includes(g));
  const line = (g: { group: string; reason: string }) => `group ${g.group}: ${g.reason.slice(0, 160)}`;
  if (errors.length > 0) return { status: 'False', reason: ConditionReason.SyncFailed, message: `${errors.length} of ${groups.matched} groups not synced: ${listed(errors.map(line))}` };
  if (waiting.length > 0) return { status: 'False', reason: ConditionReason.Syncing, message: `${groups.synced}/${groups.matched} groups in sync; waiting: ${listed(waiting.map(line))}` };
  return { status: 'True', reason: ConditionReason.InSync, message: `${groups.synced}/${groups.matched} groups' offsets translated on the target` };
}

const VERDICT: Record<SyncType, (sync: WorkerSyncSummary) => Verdict> = {
  [ConditionType.TopicsInSync]: topicsVerdict,
  [ConditionType.ConfigsInSync]: configsVerdict,
  [ConditionType.AclsInSync]: aclsVerdict,
  [ConditionType.GroupOffsetsInSync]: groupsVerdict,
};

function verdictOf(type: SyncType, spec: SyncSpec, health: WorkerHealthInput, previous: Condition | undefined): Verdict {
  const toggle = SPEC_FIELD[type];
  if (toggle && !toggle.on(spec)) return { status: 'Unknown', reason: ConditionReason.SyncDisabled, message: `${toggle.field} is false: not compared` };
  if (health.paused) return { status: 'Unknown', reason: ConditionReason.Paused, message: 'paused: nothing is synced' };
  const { answered, sync } = syncSummaryOf(health);
  // While worker 0 does not answer (restarting, rolling), the last verdict is still the latest known.
  if (!answered) return previous && previous.reason !== ConditionReason.SyncDisabled ? previous : { status: 'Unknown', reason: ConditionReason.WorkersStarting, message: "waiting for worker 0's first sync round" };
  if (sync?.lastFailure) return { status: 'False', reason: ConditionReason.SyncFailed, message: `the latest sync pass (${sync.lastFailure.at}) failed before changing anything: ${sync.lastFailure.error.slice(0, 300)}` };
  if (!sync?.lastRoundAt) return { status: 'Unknown', reason: ConditionReason.Syncing, message: 'the first sync round has not finished' };
  return VERDICT[type](sync);
}

/** The four *InSync conditions, from the spec and what worker 0 of the revision in force said. */
export function syncConditions(spec: SyncSpec, health: WorkerHealthInput, previous: (type: string) => Condition | undefined, generation: number | undefined): ConditionUpdate[] {
  return SYNC_TYPES.map((type) => {
    const { status, reason, message } = verdictOf(type, spec, health, previous(type));
    return { type, status, reason, message, observedGeneration: generation };
  });
}

/** The *InSync condition types, for Ready: a sync the target refused needs a person. */
export const SYNC_CONDITION_TYPES: readonly string[] = SYNC_TYPES;
