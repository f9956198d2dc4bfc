/**
 * Where a partition goes whose position the source answered OFFSET_OUT_OF_RANGE for, given the
 * source's log start and end (undefined where the listing had no answer for it).
 * - `deleted`: retention (or a DeleteRecords) removed records before the job copied them. They are
 *   gone on the source too; the job counts them and moves on to the log start.
 * - `wentBack`: the log ends before the position. The topic was recreated, or an unclean leader
 *   election dropped records the job had copied; copying on would give new records target offsets
 *   already used, so the partition stops.
 * - `inRange`: the position is valid again (a leader change in between); the next fetch reads it.
 */
export type OutOfRange = { kind: 'deleted'; lost: number; next: number } | { kind: 'wentBack'; message: string } | { kind: 'inRange' };

export function outOfRange(position: number, start: number | undefined, end: number | undefined): OutOfRange {
  if (start !== undefined && position < start) return { kind: 'deleted', lost: start - position, next: start };
  if (end !== undefined && position > end) {
    return {
      kind: 'wentBack',
      message: `the source partition ends at offset ${end}, before the job's position ${position}: the topic was recreated or lost records the job had copied (an unclean leader election); copying on would reuse target offsets`,
    };
  }
  return { kind: 'inRange' };
}
