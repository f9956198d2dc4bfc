import { describe, expect, it } from '@jest/globals';
import type { BenchResults, CopyFigures, CopyScenario } from '../../../bench/results.ts';
import { workersMarkdown } from '../../../bench/workers-report.ts';

const figures = (seconds: number, cpuSeconds: number, gb = 1): CopyFigures => ({
  seconds, firstRecordSeconds: 1, recordsPerSecond: 1_000_000 / seconds, steadyRecordsPerSecond: 1_000_000 / (seconds - 1), mbPerSecond: (gb * 1_000) / seconds,
  cpuSeconds, cpuSecondsPerGb: cpuSeconds / gb, peakRssMiB: 150, extraTargetOffsets: 0, pausedWindows: 0, longestPauseSeconds: 0,
});

const scenario = (workers: number, median: CopyFigures | undefined, error?: string): CopyScenario => ({
  label: `ours AtLeastOnce, ${workers} workers`, kind: 'ours', delivery: 'AtLeastOnce', workers, runs: median ? [{ ...median }] : [], ...(median ? { median } : {}), ...(error ? { error } : {}),
});

const results = (workers: CopyScenario[]): BenchResults => ({ workers, machine: { cores: 2 } } as unknown as BenchResults);

describe('workersMarkdown', () => {
  it('gives each worker count its speed against one worker, the cores its workers kept busy, and the per-core rate on paper', () => {
    const md = workersMarkdown(results([scenario(1, figures(20, 5)), scenario(2, figures(10, 6)), scenario(4, undefined, 'worker 3 exited')])).join('\n');
    // 2 workers: twice the records/s, 6 CPU s over 10 s = 0.60 cores.
    expect(md).toContain('| AtLeastOnce | 2 | 10.0 | 100,000 | 100.0 | 2.00x | 6.0 | 0.60 | 150 | 10.0 |');
    expect(md).toContain('| AtLeastOnce | 4 | failed: worker 3 exited |');
    // 5 CPU s per GB: 200 MB/s per core.
    expect(md).toContain('a GB costs one worker 5.0 CPU seconds, so each core given to the workers copies about 200 MB/s');
    expect(md).toContain('One worker kept 0.25 cores busy here.');
  });

  it('is left out when the section did not run', () => {
    expect(workersMarkdown(results([]))).toEqual([]);
  });
});
