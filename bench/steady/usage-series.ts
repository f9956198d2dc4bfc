/**
 * A mirror's CPU and memory over a long run: the process sampler's reading every few seconds, kept as
 * a series so the report can show how RSS moves, not only its peak.
 */
import { treeUsage } from '../process-sampler.ts';

export interface UsageSample {
  /** Seconds since the run's start. */
  t: number;
  rssMiB: number;
  cpuSeconds: number;
}

export function sampleUsageSeries(pids: () => readonly number[], startedAt: number, intervalMs = 5_000): { series: UsageSample[]; stop(): UsageSample[] } {
  const series: UsageSample[] = [];
  const take = () => {
    const u = treeUsage(pids());
    // A tree that has exited reads as zeros: not a sample.
    if (u.cpuSeconds > 0) series.push({ t: (performance.now() - startedAt) / 1000, rssMiB: u.rssMiB, cpuSeconds: u.cpuSeconds });
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    series,
    stop: () => {
      clearInterval(timer);
      take();
      return series;
    },
  };
}

export interface UsageSummary {
  /** RSS at the window's start, at two thirds of it, at its end, and the highest sample in it (MiB). */
  rssStartMiB: number;
  rssTwoThirdsMiB: number;
  rssEndMiB: number;
  rssMaxMiB: number;
  /** (end - two thirds) / two thirds: the growth of the window's last third. */
  lastThirdGrowth: number;
  /**
   * CPU seconds per second of the window, as a share of one core (0.36 = 36 %), counting the CPU spent
   * until `cpuUntil` (the mirror caught up): a mirror that lags does the window's work after it.
   */
  cpuShare: number;
}

/** The sample nearest to `t`. */
const at = (series: readonly UsageSample[], t: number): UsageSample =>
  series.reduce((best, s) => (Math.abs(s.t - t) < Math.abs(best.t - t) ? s : best));

/** Summarises the samples of the window [from, to] (seconds since the run's start). Pure. */
export function summariseUsage(series: readonly UsageSample[], from: number, to: number, cpuUntil = to): UsageSummary | undefined {
  const inWindow = series.filter((s) => s.t >= from && s.t <= to);
  if (inWindow.length < 2) return undefined;
  const first = inWindow[0]!;
  const last = inWindow[inWindow.length - 1]!;
  const twoThirds = at(inWindow, from + ((to - from) * 2) / 3);
  return {
    rssStartMiB: first.rssMiB,
    rssTwoThirdsMiB: twoThirds.rssMiB,
    rssEndMiB: last.rssMiB,
    rssMaxMiB: Math.max(...inWindow.map((s) => s.rssMiB)),
    lastThirdGrowth: (last.rssMiB - twoThirds.rssMiB) / twoThirds.rssMiB,
    cpuShare: (at(series, Math.max(to, cpuUntil)).cpuSeconds - first.cpuSeconds) / (last.t - first.t),
  };
}
