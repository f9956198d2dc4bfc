import { compareStrings } from '../planner/ordering.ts';
import type { GroupReport } from '../planner/plan.ts';
import type { GroupUnreadable } from './cluster-snapshot.reader.ts';

/** A group whose committed offsets are not all on the target, with the first reason. */
export interface GroupNotSynced {
  group: string;
  /** Starts with the planner's outcome or Kafka's error name, e.g. `NotYetTranslatable: orders-0: BeforeMirroredRange ...`. */
  reason: string;
}

/**
 * Where the matched groups stand. `synced` counts a group only when every committed offset of it is
 * on the target: written by the pass, already equal, or already further (`ahead`, left alone, so
 * target consumers never read again). Everything else is in `notSynced`, sorted by group.
 */
export interface GroupStanding {
  matched: number;
  synced: number;
  /** Of `synced`: groups the target already has further than the translation. */
  ahead: number;
  notSynced: GroupNotSynced[];
}

export interface GroupStandingInput {
  groups: readonly GroupReport[];
  /** Groups whose SetGroupOffsets the target refused this pass, with Kafka's reason. */
  refused?: ReadonlyMap<string, string>;
  /** Matched source groups the job may not describe. */
  unreadable?: readonly GroupUnreadable[];
  /**
   * `applied`: the report of a pass whose writes were made (a `Synced` group is on the target unless
   * refused). `planned`: nothing was written (`kafka-mirror status`), so a `Synced` group still waits for its write.
   */
  mode: 'applied' | 'planned';
}

/** Pure: the same report gives the same standing. */
export function groupStanding({ groups, refused = new Map(), unreadable = [], mode }: GroupStandingInput): GroupStanding {
  const standing: GroupStanding = { matched: groups.length + unreadable.length, synced: 0, ahead: 0, notSynced: [] };
  for (const g of groups) {
    const reason = notSyncedReason(g, refused.get(g.group), mode);
    if (reason !== undefined) standing.notSynced.push({ group: g.group, reason });
    else {
      standing.synced++;
      if (g.outcome === 'AlreadyAhead') standing.ahead++;
    }
  }
  for (const u of unreadable) standing.notSynced.push({ group: u.group, reason: `${u.code}: the job may not describe this group on the source` });
  standing.notSynced.sort((a, b) => compareStrings(a.group, b.group));
  return standing;
}

function notSyncedReason(g: GroupReport, refusal: string | undefined, mode: GroupStandingInput['mode']): string | undefined {
  if (refusal !== undefined) return refusal;
  // A Synced group may still hold partitions it could not translate: the consumer would start there from auto.offset.reset.
  if ((g.untranslated ?? 0) > 0) return `NotYetTranslatable: ${g.detail}`;
  if (g.outcome === 'UpToDate' || g.outcome === 'AlreadyAhead') return undefined;
  if (g.outcome === 'Synced') return mode === 'applied' ? undefined : `OffsetsNotWrittenYet: ${g.detail} (the next sync pass writes them)`;
  return `${g.outcome}${g.detail ? `: ${g.detail}` : ''}`;
}

/** "`group`: reason" for the first `n` groups, reasons cut to `width`, and how many more. */
export function firstNotSynced(notSynced: readonly GroupNotSynced[], n = 3, width = 160): string {
  const shown = notSynced.slice(0, n).map((g) => `${g.group}: ${g.reason.length > width ? `${g.reason.slice(0, width - 3)}...` : g.reason}`);
  return `${shown.join('; ')}${notSynced.length > n ? `; and ${notSynced.length - n} more` : ''}`;
}
