import type { SyncRoundResult } from '../../sync/metadata-sync.ts';
import type { RunProgress } from '../display/run-progress.ts';

/** Replication has nothing left to copy (as the replicator sees it; confirm against the source before trusting). */
export function replicationLooksCaughtUp(p: Pick<RunProgress, 'partitions' | 'recordsBehind'>): boolean {
  return p.recordsBehind === 0 && p.partitions.caughtUp === p.partitions.total && p.partitions.waitingForTarget === 0 && p.partitions.stopped.length === 0;
}

/** Groups whose SetGroupOffsets the target refused in this pass, with Kafka's reason. */
export function refusedGroups(round: SyncRoundResult | undefined): Map<string, string> {
  const refused = new Map<string, string>();
  for (const o of round?.outcomes ?? []) {
    if (!o.ok && o.action.kind === 'SetGroupOffsets') refused.set(o.action.group, `${o.code}: ${o.message}`);
  }
  return refused;
}

/**
 * Whether a sync pass finishes the job of `--until-caught-up`: it started after replication was
 * confirmed caught up (so it translated offsets against everything copied), found no topic or
 * partition to create (new data would follow), and every group is written or already equal.
 */
export function syncSettles(round: SyncRoundResult, caughtUpSince: number): boolean {
  if (round.startedAt.getTime() < caughtUpSince) return false;
  if (round.plan.actions.some((a) => a.kind === 'CreateTopic' || a.kind === 'CreatePartitions')) return false;
  const refused = refusedGroups(round);
  return round.report.groups.every((g) => !refused.has(g.group) && (g.outcome === 'Synced' || g.outcome === 'UpToDate' || g.outcome === 'AlreadyAhead'));
}
