import type { OffsetRun } from './offset-runs.ts';

/** Why a source offset has no target offset (yet). */
export type Untranslatable = 'BeforeMirroredRange' | 'NotYetMirrored';

export type Translation = { ok: true; target: number } | { ok: false; reason: Untranslatable };

/**
 * The source -> target offset map of one partition, as the job's transactions recorded it.
 *
 * A consumer group that committed `c` on the source will next read the first visible record at or
 * after `c`. On the target it must read that record's copy, and nothing before it. So `c` translates
 * to one past the copy of the last copied record below `c` (the records in between on the target are
 * only control markers or aborted data, which consumers skip), or, when no copied record lies below
 * `c`, to the copy of the first one at or after it. When the job has copied nothing at all in the
 * covered range (an empty partition, every record aborted or compacted away, a job from Latest that has
 * copied nothing yet), `c` translates to the latest range's target-next offset: no copy lies at or past
 * it, and every later copy lands at or after it (see docs/decisions/0002).
 *
 * Covered range: [start, end) of source positions the job has read through, including records it
 * skipped (aborted, control). Offsets past `end` are not translatable yet; offsets before `start`
 * were never mirrored (a job that started from Latest, or runs that were evicted).
 */
export class PartitionOffsetMap {
  #source: number[] = [];
  #target: number[] = [];
  #count: number[] = [];
  #start = Number.NaN;
  #end = Number.NaN;
  #targetNext: number | undefined;
  readonly #maxRuns: number;

  constructor(maxRuns = 100_000) {
    this.#maxRuns = maxRuns;
  }

  get runCount(): number {
    return this.#source.length;
  }

  get coveredEnd(): number {
    return this.#end;
  }

  /**
   * Records what one transaction copied: source positions [start, end), the runs within them, and where
   * the next copy lands at the earliest (a range that copied nothing carries it, see progress-records.ts).
   */
  add(start: number, end: number, runs: OffsetRun[], targetNext?: number): void {
    if (Number.isNaN(this.#start) || start < this.#start) this.#start = start;
    if (Number.isNaN(this.#end) || end > this.#end) this.#end = end;
    // Target offsets only grow with source positions: the largest is the latest range's.
    if (targetNext !== undefined) this.#targetNext = Math.max(this.#targetNext ?? targetNext, targetNext);
    for (const run of runs) this.#append(run);
    this.#evict();
  }

  translate(committed: number): Translation {
    if (Number.isNaN(this.#start) || committed < this.#start) return { ok: false, reason: 'BeforeMirroredRange' };
    if (committed > this.#end) return { ok: false, reason: 'NotYetMirrored' };
    const i = this.#lastRunBelow(committed);
    if (i < 0) {
      // No copied record below `committed`: the first run holds the first copied record at or after it.
      if (this.#source.length > 0) return { ok: true, target: this.#target[0]! };
      // None copied at all: the group's next record is one the job copies later, at or after targetNext.
      return this.#targetNext === undefined ? { ok: false, reason: 'NotYetMirrored' } : { ok: true, target: this.#targetNext };
    }
    const source = this.#source[i]!;
    const count = this.#count[i]!;
    const within = Math.min(committed - source, count);
    return { ok: true, target: this.#target[i]! + within };
  }

  /** Index of the last run whose first source offset is below `offset`, or -1. */
  #lastRunBelow(offset: number): number {
    let lo = 0;
    let hi = this.#source.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#source[mid]! < offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  #append(run: OffsetRun): void {
    const n = this.#source.length;
    if (run.count <= 0) return;
    if (n > 0) {
      const last = n - 1;
      const lastEnd = this.#source[last]! + this.#count[last]!;
      if (run.source < lastEnd) return; // already known (a replayed record of the map topic)
      if (lastEnd === run.source && this.#target[last]! + this.#count[last]! === run.target) {
        this.#count[last] = this.#count[last]! + run.count;
        return;
      }
    }
    this.#source.push(run.source);
    this.#target.push(run.target);
    this.#count.push(run.count);
  }

  /** Drops the oldest runs past the bound; offsets below the new start become untranslatable. */
  #evict(): void {
    const excess = this.#source.length - this.#maxRuns;
    if (excess <= 0) return;
    this.#source.splice(0, excess);
    this.#target.splice(0, excess);
    this.#count.splice(0, excess);
    this.#start = this.#source[0]!;
  }
}
