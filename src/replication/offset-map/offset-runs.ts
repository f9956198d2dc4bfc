/**
 * A run: `count` consecutive source offsets starting at `source`, copied to `count` consecutive target
 * offsets starting at `target`. Runs are the whole offset map: exact for gaps (compaction, aborted
 * transactions, control records) because only copied records are in a run, and small because a
 * forwarded batch is one run and runs that continue each other merge.
 *
 * Offsets are JavaScript numbers: exact up to 2^53, about 9 * 10^15, beyond any real partition.
 */
export interface OffsetRun {
  source: number;
  target: number;
  count: number;
}

/** Appends a run, merging it into the last one when both offsets continue it. Runs must ascend. */
export function appendRun(runs: OffsetRun[], run: OffsetRun): void {
  if (run.count <= 0) return;
  const last = runs.at(-1);
  if (last && last.source + last.count === run.source && last.target + last.count === run.target) {
    last.count += run.count;
    return;
  }
  runs.push({ ...run });
}

/** Runs of the copied records whose source offsets are `offsets` (ascending), written from `targetBase` on. */
export function runsOfRecords(offsets: number[], targetBase: number): OffsetRun[] {
  const runs: OffsetRun[] = [];
  offsets.forEach((source, i) => appendRun(runs, { source, target: targetBase + i, count: 1 }));
  return runs;
}

/**
 * The target offset the next copy of a partition lands at or after, once `runs` are durable: one past
 * the last run's copy, or `previous` when the runs are empty. Target offsets only grow, so it is a
 * lower bound for every later copy (in ExactlyOnce the commit marker sits between), and every copy made
 * so far is below it.
 */
export function targetNextAfter(previous: number | undefined, runs: readonly OffsetRun[]): number | undefined {
  const last = runs.at(-1);
  return last ? last.target + last.count : previous;
}

/** Flat wire form [source, target, count, ...] for the offset-map topic. */
export const flattenRuns = (runs: OffsetRun[]): number[] => runs.flatMap((r) => [r.source, r.target, r.count]);

export function unflattenRuns(flat: number[]): OffsetRun[] {
  const runs: OffsetRun[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) runs.push({ source: flat[i]!, target: flat[i + 1]!, count: flat[i + 2]! });
  return runs;
}
