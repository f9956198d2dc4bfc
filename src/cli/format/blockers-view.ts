import type { Conflict } from '../../planner/plan.ts';
import { firstNotSynced, type GroupStanding } from '../../sync/group-standing.ts';
import { formatCount, plural } from './table.ts';

/** Conflicts as the run display and `status` show them: how many, the first few, and where to see them all. */
export interface ConflictsShown {
  count: number;
  /** The first few, in the planner's order. */
  first: ReadonlyArray<Pick<Conflict, 'topic' | 'reason' | 'detail'>>;
}

const LISTED_CONFLICTS = 3;

export function conflictsShown(conflicts: readonly Conflict[]): ConflictsShown {
  return { count: conflicts.length, first: conflicts.slice(0, LISTED_CONFLICTS).map(({ topic, reason, detail }) => ({ topic, reason, detail })) };
}

/** e.g. `300 topics need a decision: topic a: ReplicationFactorUnavailable (...); ...; all of them: kafka-mirror plan -f job.yaml`. Pure. */
export function conflictsText(c: ConflictsShown, planCommand: string): string {
  const first = c.first.map((x) => `topic ${x.topic}: ${x.reason} (${x.detail})`).join('; ');
  const more = c.count > c.first.length ? `; and ${formatCount(c.count - c.first.length)} more` : '';
  return `${plural(c.count, 'topic needs', 'topics need')} a decision: ${first}${more}; all of them: ${planCommand}`;
}

/** e.g. `18 of 20 synced; 2 not synced: g1: NotYetTranslatable: ...`. Pure. */
export function groupsText(g: GroupStanding): string {
  if (g.matched === 0) return 'none with offsets on mirrored topics';
  const ahead = g.ahead > 0 ? ` (${formatCount(g.ahead)} already further on the target, left alone)` : '';
  const notSynced = g.notSynced.length > 0 ? `; ${formatCount(g.notSynced.length)} not synced: ${firstNotSynced(g.notSynced)}` : '';
  return `${formatCount(g.synced)} of ${formatCount(g.matched)} synced${ahead}${notSynced}`;
}
