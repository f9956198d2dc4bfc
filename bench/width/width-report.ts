/** The seed's-width section of results.md, and its goals. Pure. */
import type { GoalCheck } from '../goals.ts';
import { f, int, table, times } from '../markdown.ts';
import type { BenchResults, CopyScenario } from '../results.ts';
import { ratio } from '../stats.ts';
import { WIDTH_MAX_VALUE, WIDTH_MIN_VALUE } from './width-layout.ts';

const find = (list: readonly CopyScenario[], kind: string, delivery: string): CopyScenario | undefined => list.find((c) => c.kind === kind && c.delivery === delivery && c.median);

/** Seconds per byte of a width copy over that of the 64-partition set's copy by the same mirror (1 = as fast per byte). */
function perByteVsWide(r: BenchResults, c: CopyScenario): number {
  const wide = find(r.copy, c.kind, c.delivery)?.median;
  if (!wide || !c.median || !r.preload || !r.width) return Number.NaN;
  return ratio(c.median.seconds / r.width.bytes, wide.seconds / r.preload.bytes);
}

export function widthMarkdown(r: BenchResults): string[] {
  const w = r.width;
  if (!w) return [];
  const out = ['## The seed\'s width in bulk', ''];
  out.push(`${w.kinds.plain + w.kinds.compacted + w.kinds.transactional} topics / ${w.shape.partitions} partitions: ${w.kinds.plain} plain, ${w.kinds.compacted} compacted (50 keys a partition, cleaned before the copy, so offsets have gaps), ${w.kinds.transactional} transactional (every third transaction of 300 records aborted). Values of ${WIDTH_MIN_VALUE}..${WIDTH_MAX_VALUE} B; codecs none, gzip, snappy, lz4 and zstd in turn; one topic in three written in sends of 20 records (small batches, as a trickle writes). ${int(w.records)} records a read_committed reader sees (${f(w.bytes / 1e6)} MB of values), of ${int(w.written.plain + w.written.compacted + w.written.transactional)} written; preloaded in ${f(w.preloadSeconds)} s.`, '');
  out.push('The target starts without these topics: each mirror creates them (its first metadata sync is in its time). Done when every target partition\'s committed tail holds the source partition\'s end marker (kcat). MirrorMaker 2 writes uncompressed (its default); ours forwards each batch with its codec.', '');
  out.push(table(['scenario', 'seconds', 'start s', 'records/s', 'MB/s', 'CPU s/GB', 'peak RSS MiB', 'vs MM2 same delivery', 'time per byte vs the 64-partition set', '5 s windows without progress', 'longest pause s', 'target offsets beyond source', 'per-run seconds'], w.copy.map((c) => {
    const m = c.median;
    if (!m) return [c.label, c.error ? `failed: ${c.error.slice(0, 120)}` : 'not run', '', '', '', '', '', '', '', '', '', '', ''];
    const mm2 = find(w.copy, 'mm2', c.delivery)?.median?.recordsPerSecond ?? Number.NaN;
    return [
      c.label, f(m.seconds), f(m.firstRecordSeconds), int(m.recordsPerSecond), f(m.mbPerSecond), f(m.cpuSecondsPerGb), int(m.peakRssMiB),
      c.kind === 'ours' ? times(ratio(m.recordsPerSecond, mm2)) : '', times(perByteVsWide(r, c)),
      c.runs.map((run) => run.pausedWindows).join(' / '), f(m.longestPauseSeconds), int(m.extraTargetOffsets), c.runs.map((run) => f(run.seconds)).join(' / '),
    ];
  })), '');
  out.push('"target offsets beyond source": commit markers on an ExactlyOnce target; on an AtLeastOnce one, duplicates, and for MirrorMaker 2 (which reads read_uncommitted unless exactly-once) the aborted records it copied. "5 s windows without progress" counts, per run, whole windows between the first and the last record on the target in which no target offset moved.', '');
  return out;
}

export function widthGoals(r: BenchResults): GoalCheck[] {
  if (!r.width) return [];
  const checks: GoalCheck[] = [];
  for (const delivery of ['AtLeastOnce', 'ExactlyOnce'] as const) {
    const ours = find(r.width.copy, 'ours', delivery);
    const mm2 = find(r.width.copy, 'mm2', delivery);
    const vsMm2 = ratio(ours?.median?.recordsPerSecond ?? Number.NaN, mm2?.median?.recordsPerSecond ?? Number.NaN);
    const goal = `seed's width: >= 3x MM2 records/s (${delivery})`;
    checks.push(Number.isFinite(vsMm2) ? { goal, actual: times(vsMm2), met: vsMm2 >= 3, ...(vsMm2 >= 3 ? {} : { gap: `throughput must be ${(3 / vsMm2).toFixed(2)}x higher` }) } : { goal, actual: 'not measured' });
    const perByte = ours ? perByteVsWide(r, ours) : Number.NaN;
    const goal2 = `seed's width: time per byte <= 1.5x the 64-partition set's (${delivery}, first sync included)`;
    checks.push(Number.isFinite(perByte) ? { goal: goal2, actual: times(perByte), met: perByte <= 1.5, ...(perByte <= 1.5 ? {} : { gap: `the copy must be ${(perByte / 1.5).toFixed(2)}x faster` }) } : { goal: goal2, actual: 'not measured' });
    const paused = ours ? Math.max(...ours.runs.map((run) => run.pausedWindows)) : Number.NaN;
    const goal3 = `seed's width: no 5 s window without progress while there is lag (${delivery})`;
    checks.push(Number.isFinite(paused) ? { goal: goal3, actual: `${paused} in the worst run`, met: paused === 0, ...(paused === 0 ? {} : { gap: `longest pause ${f(ours!.median!.longestPauseSeconds)} s` }) } : { goal: goal3, actual: 'not measured' });
  }
  return checks;
}
