import type { SyncMetrics } from './sync.metrics.ts';
import type { Plan } from '../planner/plan.ts';
import type { ActionOutcome } from './apply-plan.ts';

export interface RoundTally {
  applied: number;
  failed: number;
  /** Groups whose SetGroupOffsets was refused this pass. */
  failedGroups: Set<string>;
}

export function tallyRound(plan: Plan, outcomes: readonly ActionOutcome[]): RoundTally {
  const failedGroups = new Set(outcomes.flatMap((o) => (!o.ok && o.action.kind === 'SetGroupOffsets' ? [o.action.group] : [])));
  const applied = outcomes.filter((o) => o.ok).length;
  return { applied, failed: outcomes.length - applied, failedGroups };
}

/** Counts a finished pass: group outcomes (a refused write counts as Failed), drift and the pass itself. */
export function countRound(metrics: SyncMetrics, plan: Plan, tally: RoundTally, durationMs: number): void {
  for (const g of plan.report.groups) metrics.group(tally.failedGroups.has(g.group) ? 'Failed' : g.outcome);
  const drift: Record<string, number> = { Conflict: plan.report.conflicts.length, SkippedConfig: plan.report.skippedConfigs.length };
  for (const a of plan.actions) drift[a.kind] = (drift[a.kind] ?? 0) + 1;
  metrics.setDrift(drift);
  metrics.round(tally.failed === 0 ? 'ok' : 'partial', durationMs / 1000);
}
