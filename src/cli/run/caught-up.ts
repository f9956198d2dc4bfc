import type { Conflict } from '../../planner/plan.ts';
import type { PartitionState } from '../../replication/partition-state.ts';
import { firstNotSynced, groupStanding, type GroupStanding } from '../../sync/group-standing.ts';
import type { SyncRoundResult } from '../../sync/metadata-sync.ts';

/**
 * `--until-caught-up` gives up when this many consecutive sync passes, each started after
 * replication was confirmed caught up as far as it can go, find the same blockers (conflicts,
 * refused topic creations, groups not synced). One pass after catching up translates against
 * everything copied; the second, a few seconds later, rules out a group that was just moving.
 */
export const BLOCKED_PASSES_TO_GIVE_UP = 2;

/** Conflicts that keep a target topic from being created, so its partitions wait for ever. A target with more partitions is copied into. */
export function blockingConflicts(round: SyncRoundResult | undefined): Conflict[] {
  return (round?.report.conflicts ?? []).filter((c) => c.reason !== 'TargetHasMorePartitions');
}

/** Target topics the last pass could not bring into being: a blocking conflict, or a creation the target refused. */
export function blockedTargetTopics(round: SyncRoundResult | undefined): Set<string> {
  const refused = (round?.outcomes ?? []).flatMap((o) => (!o.ok && (o.action.kind === 'CreateTopic' || o.action.kind === 'CreatePartitions') ? [o.action.topic] : []));
  return new Set([...blockingConflicts(round).map((c) => c.topic), ...refused]);
}

/**
 * Replication has nothing left to copy, as the replicator sees it (confirm against the source before
 * trusting): every partition copied to its last fetched end, none stopped, and none waiting for a
 * target topic except those `blockedTopics` (target names) keeps from ever being created.
 */
export function replicationLooksCaughtUp(states: Iterable<PartitionState>, blockedTopics: ReadonlySet<string>): boolean {
  for (const p of states) {
    if (p.stopped) return false;
    if (p.waitingForTarget ? !blockedTopics.has(p.target.topic) : p.position < p.endOffset) return false;
  }
  return true;
}

/** Groups whose SetGroupOffsets the target refused in this pass, with Kafka's reason. */
export function refusedGroups(round: SyncRoundResult | undefined): Map<string, string> {
  const refused = new Map<string, string>();
  for (const o of round?.outcomes ?? []) {
    if (!o.ok && o.action.kind === 'SetGroupOffsets') refused.set(o.action.group, `${o.code}: ${o.message}`);
  }
  return refused;
}

/** The groups of a pass whose writes were made: synced only when every committed offset is on the target. */
export function groupStandingOf(round: SyncRoundResult): GroupStanding {
  return groupStanding({ groups: round.report.groups, refused: refusedGroups(round), unreadable: round.groupsUnreadable ?? [], mode: 'applied' });
}

/**
 * What a sync pass says about `--until-caught-up`. `early`: it started before replication was
 * confirmed caught up, so it proves nothing. `converging`: it created topics or partitions, so new
 * data follows. `settled`: nothing keeps the job from being caught up. `blocked`: what keeps it.
 */
export type PassVerdict = { kind: 'early' | 'converging' | 'settled' } | { kind: 'blocked'; reasons: string[] };

export function judgePass(round: SyncRoundResult, caughtUpSince: number): PassVerdict {
  if (round.startedAt.getTime() < caughtUpSince) return { kind: 'early' };
  const topicWork = round.outcomes.filter((o) => o.action.kind === 'CreateTopic' || o.action.kind === 'CreatePartitions');
  if (topicWork.some((o) => o.ok)) return { kind: 'converging' };
  const reasons: string[] = [];
  const refusedTopics = topicWork.flatMap((o) => (!o.ok && 'topic' in o.action ? [`${o.action.kind} ${o.action.topic}: ${o.code}`] : []));
  if (refusedTopics.length > 0) reasons.push(`the target refused ${refusedTopics.length} topic creation(s): ${refusedTopics.slice(0, 3).join('; ')}`);
  const conflicts = blockingConflicts(round);
  if (conflicts.length > 0) {
    const first = conflicts.slice(0, 3).map((c) => `topic ${c.topic}: ${c.reason} (${c.detail})`).join('; ');
    reasons.push(`${conflicts.length} topic conflict(s) keep partitions from being created: ${first}${conflicts.length > 3 ? `; and ${conflicts.length - 3} more` : ''}`);
  }
  const groups = groupStandingOf(round);
  if (groups.notSynced.length > 0) reasons.push(`${groups.notSynced.length} of ${groups.matched} groups cannot be synced: ${firstNotSynced(groups.notSynced)}`);
  return reasons.length === 0 ? { kind: 'settled' } : { kind: 'blocked', reasons };
}

/** Consecutive blocked passes with the same reasons; a change (a group moved, a conflict resolved) starts over. */
export interface BlockedStreak {
  reasons: string[];
  passes: number;
}

export function nextStreak(streak: BlockedStreak | undefined, verdict: PassVerdict): BlockedStreak | undefined {
  if (verdict.kind === 'early') return streak;
  if (verdict.kind !== 'blocked') return undefined;
  const same = streak !== undefined && streak.reasons.join('\n') === verdict.reasons.join('\n');
  return { reasons: verdict.reasons, passes: same ? streak.passes + 1 : 1 };
}
