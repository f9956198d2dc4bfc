import type { GroupOutcome } from '../planner/plan.ts';
import type { SyncRoundResult } from './metadata-sync.ts';

/** What worker 0 serves under /status `detail.sync`: the latest finished round, for the operator's status and cutover. */
export interface SyncSummary {
  /** When the round started (ISO 8601); cutover waits for a round that started after lag reached 0. */
  lastRoundAt: string;
  /** Actions of the round that failed. */
  errors: number;
  groups: { matched: number; synced: number; failed: Array<{ group: string; reason: string }> };
}

/** Outcomes that leave a group where the source has it (translated exactly) on the target. */
const IN_SYNC: ReadonlySet<GroupOutcome> = new Set(['Synced', 'UpToDate', 'AlreadyAhead']);

/** A group counts as synced when the planner found it in sync (or wrote it) and its write, if any, succeeded. */
export function summarizeSyncRound(round: SyncRoundResult): SyncSummary {
  const writeFailures = new Map<string, string>();
  for (const o of round.outcomes) if (!o.ok && o.action.kind === 'SetGroupOffsets') writeFailures.set(o.action.group, `${o.code}: ${o.message}`);
  const failed: Array<{ group: string; reason: string }> = [];
  let synced = 0;
  for (const g of round.report.groups) {
    const writeError = writeFailures.get(g.group);
    if (IN_SYNC.has(g.outcome) && !writeError) synced++;
    else failed.push({ group: g.group, reason: writeError ?? `${g.outcome}${g.detail ? `: ${g.detail}` : ''}` });
  }
  return {
    lastRoundAt: round.startedAt.toISOString(),
    errors: round.failed,
    groups: { matched: round.report.groups.length, synced, failed: failed.sort((a, b) => a.group.localeCompare(b.group)) },
  };
}
