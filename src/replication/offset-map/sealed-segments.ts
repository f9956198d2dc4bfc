import { packedRunCount, type PackedRuns } from './run-codec.ts';

/**
 * A sealed segment of one partition's runs, as the partition's directory entry describes it: enough to
 * translate any offset past its last run without reading it, and where its record is in the
 * offset-index topic (a compacted topic never moves a record, so the offset stays valid).
 */
export interface SegmentRef {
  level: number;
  /** Source and target offset of the first run. */
  firstSource: number;
  firstTarget: number;
  /** One past the last run, on the source and on the target. */
  endSource: number;
  endTarget: number;
  runs: number;
  /** When its newest run was sealed (ms since the epoch): the translation horizon drops it by this. */
  sealedAt: number;
  /** The segment record's offset in the offset-index topic. */
  at: number;
}

/** A segment's description from its runs (not empty), before it has a place in the index. */
export function describeRuns(level: number, runs: PackedRuns, sealedAt: number): Omit<SegmentRef, 'at'> {
  const n = packedRunCount(runs);
  const last = 3 * (n - 1);
  return {
    level,
    firstSource: runs[0]!,
    firstTarget: runs[1]!,
    endSource: runs[last]! + runs[last + 2]!,
    endTarget: runs[last + 1]! + runs[last + 2]!,
    runs: n,
    sealedAt,
  };
}

/**
 * The segments to merge next, or none: the oldest `fanIn` of the lowest level that has that many. As
 * in a binary counter, levels never rise along a partition's segments (merging takes the oldest of a
 * level, and new segments are level 0), so those segments are neighbours and their runs follow each
 * other. With fan-in 16 a partition keeps at most 15 segments a level: ~60 after 60 days of sealing
 * every 15 minutes, so the directory grows with the logarithm of the job's age.
 */
export function mergeCandidates(segments: readonly SegmentRef[], fanIn: number): { from: number; count: number } | undefined {
  const levels = new Map<number, number>();
  for (const s of segments) levels.set(s.level, (levels.get(s.level) ?? 0) + 1);
  const level = [...levels].filter(([, n]) => n >= fanIn).map(([l]) => l).sort((a, b) => a - b)[0];
  if (level === undefined) return undefined;
  return { from: segments.findIndex((s) => s.level === level), count: fanIn };
}

/** Segments whose every run lies below the source's log start: no group can resume there any more. */
export const prunable = (segments: readonly SegmentRef[], logStart: number): number => {
  let n = 0;
  while (n < segments.length && segments[n]!.endSource <= logStart) n++;
  return n;
};

/**
 * Segments sealed before `cutoff` (the translation horizon): a group that old is not translated any
 * more. Sealing times never fall along a partition's segments (a merge takes its newest part's), so
 * they are the oldest ones. A merged segment lives until its newest run ages out: what a partition
 * keeps is the horizon plus at most one segment's span.
 */
export const agedOut = (segments: readonly SegmentRef[], cutoff: number): number => {
  let n = 0;
  while (n < segments.length && segments[n]!.sealedAt < cutoff) n++;
  return n;
};

/** Runs of consecutive segments joined into one packed list. */
export function joinRuns(parts: readonly PackedRuns[]): PackedRuns {
  const joined = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return joined;
}
