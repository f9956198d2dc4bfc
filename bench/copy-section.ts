/** Timed copies by several mirrors, interleaved run by run, with their medians. */
import { timeCopy, type CopyContext } from './copy-run.ts';
import type { MirrorUnderTest } from './mirror.ts';
import type { CopyFigures, CopyScenario } from './results.ts';
import { medianOf } from './stats.ts';

const COPY_FIELDS = ['seconds', 'firstRecordSeconds', 'recordsPerSecond', 'steadyRecordsPerSecond', 'mbPerSecond', 'cpuSeconds', 'cpuSecondsPerGb', 'peakRssMiB', 'extraTargetOffsets', 'pausedWindows', 'longestPauseSeconds'] as const satisfies ReadonlyArray<keyof CopyFigures>;

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * `runs` copies by each mirror. The runs interleave the scenarios (run 1 of each, then run 2, ...), so
 * load that drifts hits all alike. A mirror that fails once is not run again; its error is kept.
 */
export async function copyScenarios(mirrors: readonly MirrorUnderTest[], ctx: CopyContext, runs: number, runPrefix: string, log: (message: string) => void): Promise<CopyScenario[]> {
  const scenarios: CopyScenario[] = mirrors.map((m) => ({ label: m.label, kind: m.kind, delivery: m.delivery, ...(m.workers ? { workers: m.workers } : {}), runs: [] }));
  for (let run = 1; run <= runs; run++) {
    for (const [i, mirror] of mirrors.entries()) {
      const s = scenarios[i]!;
      if (s.error) continue;
      try {
        const r = await timeCopy(mirror, ctx, `${runPrefix}${run}`);
        log(`${mirror.label} ${runPrefix} run ${run}: ${r.seconds.toFixed(1)} s, ${Math.round(r.recordsPerSecond)} records/s, ${r.cpuSecondsPerGb.toFixed(1)} CPU s/GB, ${r.peakRssMiB.toFixed(0)} MiB, ${r.pausedWindows} paused 5 s windows${r.newTransactionalIds ? `, ${r.newTransactionalIds.length} new transactional ids, ${r.extraTargetOffsets} markers` : `, ${r.extraTargetOffsets} extra offsets`}${r.steps ? `; ${r.steps.map((x) => `${x.step} ${x.seconds.toFixed(1)} s in ${x.count}`).join(', ')}` : ''}`);
        s.runs.push(r);
      } catch (err) {
        s.error = errorText(err);
        log(`${mirror.label} ${runPrefix} run ${run} failed: ${s.error}`);
      }
    }
  }
  for (const s of scenarios) if (s.runs.length > 0) s.median = medianOf(s.runs, COPY_FIELDS);
  return scenarios;
}
