import type { Conflict, PlanAction } from '../planner/plan.ts';
import type { ActionOutcome } from './apply-plan.ts';
import { groupStanding } from './group-standing.ts';
import type { SyncRoundResult } from './metadata-sync.ts';

/** Entries listed per list; the rest are counted. The operator names at most a few in a condition message. */
export const LISTED_PER_AREA = 5;

/** One refused action, named the way a person would look for it: what, on which resource, and Kafka's error. */
export interface SyncFailure {
  action: PlanAction['kind'];
  /** e.g. `topic orders`, `group billing`, `ACL Topic:LITERAL:orders User:app Read`. */
  resource: string;
  /** Kafka's error name, e.g. TOPIC_AUTHORIZATION_FAILED. */
  error: string;
  message: string;
}

/** Failures of one area (topics, configs, ACLs) of a round: the first few, and how many in all. */
export interface AreaFailures {
  failedCount: number;
  failed: SyncFailure[];
}

/** What worker 0 serves under /status `detail.sync`: the latest finished round, for the operator's status and cutover. */
export interface SyncSummary {
  /** When the round started (ISO 8601); cutover waits for a round that started after lag reached 0. Absent before the first round finished. */
  lastRoundAt?: string;
  /** Actions of the round that failed. */
  errors: number;
  topics: AreaFailures & { matched: number; conflictCount: number; conflicts: Array<Pick<Conflict, 'topic' | 'reason' | 'detail'>> };
  configs: AreaFailures & { skippedCount: number };
  /** `skipped`: why ACLs were left alone this round (a cluster whose ACLs cannot be read), with Kafka's error name. */
  acls: AreaFailures & { skipped?: { side: 'source' | 'target'; error: string } };
  groups: { matched: number; synced: number; failed: Array<{ group: string; reason: string }> };
  /**
   * The latest pass failed before it could apply anything (a cluster could not be read); everything
   * else here is from the last round that finished. Absent when the latest pass finished.
   */
  lastFailure?: { at: string; error: string };
}

type Area = 'topics' | 'configs' | 'acls' | 'groups';
const AREA_OF: Record<PlanAction['kind'], Area> = {
  CreateTopic: 'topics',
  CreatePartitions: 'topics',
  AlterTopicConfigs: 'configs',
  CreateAcls: 'acls',
  DeleteAcls: 'acls',
  SetGroupOffsets: 'groups',
};

function resourceOf(action: PlanAction): string {
  switch (action.kind) {
    case 'CreateTopic':
    case 'CreatePartitions':
    case 'AlterTopicConfigs':
      return `topic ${action.topic}`;
    case 'CreateAcls':
    case 'DeleteAcls': {
      const first = action.acls[0];
      const more = action.acls.length > 1 ? ` and ${action.acls.length - 1} more` : '';
      return first ? `ACL ${first.resourceType}:${first.patternType}:${first.resourceName} ${first.principal} ${first.operation}${more}` : 'no ACL';
    }
    case 'SetGroupOffsets':
      return `group ${action.group}`;
  }
}

function failuresOf(outcomes: readonly ActionOutcome[], area: Area): AreaFailures {
  const failed = outcomes.flatMap((o) => (!o.ok && AREA_OF[o.action.kind] === area ? [{ action: o.action.kind, resource: resourceOf(o.action), error: o.code, message: o.message }] : []));
  return { failedCount: failed.length, failed: failed.slice(0, LISTED_PER_AREA) };
}

const noFailures = (): AreaFailures => ({ failedCount: 0, failed: [] });

/** Before any round finished: nothing counted, no round time (so cutover cannot take it for a finished round). */
export function emptySyncSummary(): SyncSummary {
  return {
    errors: 0,
    topics: { matched: 0, ...noFailures(), conflictCount: 0, conflicts: [] },
    configs: { ...noFailures(), skippedCount: 0 },
    acls: noFailures(),
    groups: { matched: 0, synced: 0, failed: [] },
  };
}

/** A group counts as synced only when every committed offset of it is on the target (group-standing.ts). */
export function summarizeSyncRound(round: SyncRoundResult): SyncSummary {
  const refused = new Map<string, string>();
  for (const o of round.outcomes) if (!o.ok && o.action.kind === 'SetGroupOffsets') refused.set(o.action.group, `${o.code}: ${o.message}`);
  const groups = groupStanding({ groups: round.report.groups, refused, unreadable: round.groupsUnreadable ?? [], mode: 'applied' });
  const conflicts = round.report.conflicts.map(({ topic, reason, detail }) => ({ topic, reason, detail }));
  const skipped = round.aclsUnreadable && { side: round.aclsUnreadable.side, error: round.aclsUnreadable.code };
  return {
    lastRoundAt: round.startedAt.toISOString(),
    errors: round.failed,
    topics: { matched: round.report.topics.matched, ...failuresOf(round.outcomes, 'topics'), conflictCount: conflicts.length, conflicts: conflicts.slice(0, LISTED_PER_AREA) },
    configs: { ...failuresOf(round.outcomes, 'configs'), skippedCount: round.report.skippedConfigs.length },
    acls: { ...failuresOf(round.outcomes, 'acls'), ...(skipped && { skipped }) },
    groups: { matched: groups.matched, synced: groups.synced, failed: groups.notSynced },
  };
}
