import type { OffsetRun } from './offset-runs.ts';
import type { PackedRuns } from './run-codec.ts';
import type { SegmentRef } from './sealed-segments.ts';

/** Why a source offset has no target offset (yet). */
export type Untranslatable = 'BeforeMirroredRange' | 'BeforeTranslationHorizon' | 'NotYetMirrored' | 'SegmentNotLoaded';

export type Translation = { ok: true; target: number } | { ok: false; reason: Untranslatable };

/** What a partition's offset-directory entry holds: its covered range and its sealed segments. */
export interface DirectoryEntry {
  start: number;
  end: number;
  targetNext: number | undefined;
  /** Source offsets below it were copied, but their runs aged out of the translation horizon (0: none). */
  agedOutBelow: number;
  segments: SegmentRef[];
}

/** The runs of a sealed segment when they are in memory (see OffsetMapReader.prepare). */
export type SegmentRuns = (segment: SegmentRef) => PackedRuns | undefined;

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
 * were never mirrored (a job that started from Latest), are no longer on the source, or were copied
 * longer ago than the translation horizon (`agedOutBelow`), which the reason tells apart.
 *
 * The runs live in two places (decision 0003): sealed segments, older, in the offset-index topic and
 * described here by their directory entries, and hot runs, the newest, in memory until sealed.
 */
export class PartitionOffsetMap {
  #source: number[] = [];
  #target: number[] = [];
  #count: number[] = [];
  #sealed: SegmentRef[] = [];
  /** Source offsets below it are sealed already: a run read again from the offset-map topic is known. */
  #floor = 0;
  #start = Number.NaN;
  #end = Number.NaN;
  #targetNext: number | undefined;
  #agedOutBelow = 0;
  #changed = false;
  readonly #maxRuns: number;

  /** `maxRuns` bounds the hot runs should sealing fail for long (see #evict). */
  constructor(maxRuns = 100_000) {
    this.#maxRuns = maxRuns;
  }

  get runCount(): number {
    return this.#source.length;
  }

  get coveredEnd(): number {
    return this.#end;
  }

  get segments(): readonly SegmentRef[] {
    return this.#sealed;
  }

  /** Whether anything changed since the last seal: new runs or a moved covered range. */
  get changed(): boolean {
    return this.#changed;
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
    this.#changed = true;
    this.#evict();
  }

  /** Takes over what the offset-directory holds for this partition (a restart), before the log's tail is read. */
  restore(entry: DirectoryEntry): void {
    this.#start = entry.start;
    this.#end = entry.end;
    this.#targetNext = entry.targetNext;
    this.#agedOutBelow = entry.agedOutBelow;
    this.#sealed = [...entry.segments];
    this.#floor = this.#sealed.at(-1)?.endSource ?? 0;
    this.#changed = false;
  }

  entry(): DirectoryEntry {
    return { start: this.#start, end: this.#end, targetNext: this.#targetNext, agedOutBelow: this.#agedOutBelow, segments: [...this.#sealed] };
  }

  /** The hot runs, packed, as the next level-0 segment holds them. */
  hotRuns(): PackedRuns {
    const packed = new Float64Array(3 * this.#source.length);
    this.#source.forEach((s, i) => {
      packed[3 * i] = s;
      packed[3 * i + 1] = this.#target[i]!;
      packed[3 * i + 2] = this.#count[i]!;
    });
    return packed;
  }

  /** The hot runs up to `segment.endSource` are in the index now, as `segment`. */
  sealed(segment: SegmentRef | undefined): void {
    if (segment) {
      const end = segment.endSource;
      const n = this.#source.findIndex((s, i) => s + this.#count[i]! > end);
      const drop = n < 0 ? this.#source.length : n;
      this.#source.splice(0, drop);
      this.#target.splice(0, drop);
      this.#count.splice(0, drop);
      // A run that grew past the segment after it was taken keeps its part beyond.
      const cut = this.#source.length > 0 ? end - this.#source[0]! : 0;
      if (cut > 0) {
        this.#source[0] = this.#source[0]! + cut;
        this.#target[0] = this.#target[0]! + cut;
        this.#count[0] = this.#count[0]! - cut;
      }
      this.#sealed.push(segment);
      this.#floor = segment.endSource;
    }
    this.#changed = false;
  }

  /** `count` segments from `from` on were merged into `merged`. */
  merged(from: number, count: number, merged: SegmentRef): void {
    this.#sealed.splice(from, count, merged);
  }

  /** The oldest `count` segments were dropped: the source no longer holds `logStart`'s predecessors. */
  pruned(count: number, logStart: number): void {
    this.#sealed.splice(0, count);
    this.#start = Math.max(this.#start, logStart);
    if (logStart >= this.#agedOutBelow) this.#agedOutBelow = 0; // what aged out is gone from the source too
  }

  /** The oldest `count` segments aged out of the translation horizon: their offsets are no longer translated. */
  agedOut(count: number): void {
    const end = this.#sealed[count - 1]!.endSource;
    this.#sealed.splice(0, count);
    this.#start = Math.max(this.#start, end);
    this.#agedOutBelow = Math.max(this.#agedOutBelow, end);
  }

  /** The sealed segment whose runs translating `committed` reads, or none: the directory or the hot runs answer. */
  segmentFor(committed: number): SegmentRef | undefined {
    if (!this.#covers(committed) || this.#lastHotRunBelow(committed) >= 0) return undefined;
    const segment = this.#sealed[lastRunBelow(this.#sealed.length, (k) => this.#sealed[k]!.firstSource, committed)];
    return segment && committed < segment.endSource ? segment : undefined;
  }

  translate(committed: number, segmentRuns: SegmentRuns = () => undefined): Translation {
    if (Number.isNaN(this.#start) || committed < this.#start) return { ok: false, reason: committed < this.#agedOutBelow ? 'BeforeTranslationHorizon' : 'BeforeMirroredRange' };
    if (committed > this.#end) return { ok: false, reason: 'NotYetMirrored' };
    const i = this.#lastHotRunBelow(committed);
    if (i >= 0) return { ok: true, target: this.#target[i]! + Math.min(committed - this.#source[i]!, this.#count[i]!) };
    const s = lastRunBelow(this.#sealed.length, (k) => this.#sealed[k]!.firstSource, committed);
    if (s >= 0) {
      const segment = this.#sealed[s]!;
      // Past the segment's last run: its end on the target, known without its runs.
      if (committed >= segment.endSource) return { ok: true, target: segment.endTarget };
      const runs = segmentRuns(segment);
      if (!runs) return { ok: false, reason: 'SegmentNotLoaded' };
      const r = lastRunBelow(runs.length / 3, (k) => runs[3 * k]!, committed);
      return { ok: true, target: runs[3 * r + 1]! + Math.min(committed - runs[3 * r]!, runs[3 * r + 2]!) };
    }
    // No copied record below `committed`: the first run holds the first copied record at or after it.
    const first = this.#sealed[0]?.firstTarget ?? this.#target[0];
    if (first !== undefined) return { ok: true, target: first };
    // None copied at all: the group's next record is one the job copies later, at or after targetNext.
    return this.#targetNext === undefined ? { ok: false, reason: 'NotYetMirrored' } : { ok: true, target: this.#targetNext };
  }

  #covers(committed: number): boolean {
    return !Number.isNaN(this.#start) && committed >= this.#start && committed <= this.#end;
  }

  #lastHotRunBelow(committed: number): number {
    return lastRunBelow(this.#source.length, (k) => this.#source[k]!, committed);
  }

  #append(run: OffsetRun): void {
    const n = this.#source.length;
    if (run.count <= 0 || run.source < this.#floor) return; // sealed already: read again from the offset-map topic
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

  /**
   * Drops the oldest hot runs past the bound, so a job whose seals keep failing (say, no permission to
   * write the offset index) cannot exhaust memory; offsets below the new start become untranslatable,
   * which the group report shows, and the seal failure is logged.
   */
  #evict(): void {
    const excess = this.#source.length - this.#maxRuns;
    if (excess <= 0) return;
    this.#source.splice(0, excess);
    this.#target.splice(0, excess);
    this.#count.splice(0, excess);
    this.#sealed = [];
    this.#start = this.#source[0]!;
  }
}

/** Index of the last of `n` ascending runs whose first source offset is below `offset`, or -1. */
function lastRunBelow(n: number, sourceAt: (i: number) => number, offset: number): number {
  let lo = 0;
  let hi = n - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sourceAt(mid) < offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
