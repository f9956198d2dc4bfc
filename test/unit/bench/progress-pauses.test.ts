import { describe, expect, it } from '@jest/globals';
import { progressPauses, type ProgressSample } from '../../../bench/progress-pauses.ts';

/** Samples every `step` seconds from 0 to `until`, the total given by `totalAt`. */
const sampled = (until: number, step: number, totalAt: (t: number) => number): ProgressSample[] =>
  Array.from({ length: Math.floor(until / step) + 1 }, (_, i) => ({ at: i * step, total: totalAt(i * step) }));

describe('progressPauses', () => {
  it('finds no pause in a copy that moves on every sample', () => {
    expect(progressPauses(sampled(30, 0.25, (t) => Math.round(t * 1000)))).toEqual({ pausedWindows: 0, longestPauseSeconds: 0.25 });
  });

  it('counts the whole 5-second windows of a 12-second stall, and its length', () => {
    // Moves until 10 s, stands until 22 s, moves until 30 s.
    const totalAt = (t: number) => Math.round(t < 10 ? t * 100 : t < 22 ? 1000 : 1000 + (t - 22) * 100);
    const pauses = progressPauses(sampled(30, 0.25, totalAt));
    // Windows start at 0.25 (the first record): [10.25, 15.25) and [15.25, 20.25) hold no move.
    expect(pauses.pausedWindows).toBe(2);
    expect(pauses.longestPauseSeconds).toBeCloseTo(12.25, 5);
  });

  it('leaves out the start-up before the first record and the confirmation after the last move', () => {
    const totalAt = (t: number) => (t < 20 ? 0 : t < 25 ? Math.round((t - 20) * 100) : 500);
    expect(progressPauses(sampled(60, 0.5, totalAt))).toEqual({ pausedWindows: 0, longestPauseSeconds: 0.5 });
  });

  it('reports nothing for a copy that never started', () => {
    expect(progressPauses(sampled(10, 1, () => 0))).toEqual({ pausedWindows: 0, longestPauseSeconds: 0 });
  });
});
