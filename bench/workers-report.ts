/** The workers section of results.md: one job with 1, 2, 4... workers, and what that predicts for more cores. Pure. */
import { f, int, table, times } from './markdown.ts';
import type { BenchResults, CopyScenario } from './results.ts';
import { ratio } from './stats.ts';

export function workersMarkdown(r: BenchResults): string[] {
  const scenarios = r.workers ?? [];
  if (scenarios.length === 0) return [];
  const single = (c: CopyScenario) => scenarios.find((o) => o.delivery === c.delivery && (o.workers ?? 1) === 1)?.median;
  const rows = scenarios.map((c) => {
    const m = c.median;
    if (!m) return [c.delivery, c.workers ?? 1, c.error ? `failed: ${c.error.slice(0, 120)}` : 'not run', '', '', '', '', '', '', ''];
    return [
      c.delivery, c.workers ?? 1, f(m.seconds), int(m.recordsPerSecond), f(m.mbPerSecond), times(ratio(m.recordsPerSecond, single(c)?.recordsPerSecond ?? Number.NaN)),
      f(m.cpuSecondsPerGb), f(m.cpuSeconds / m.seconds, 2), int(m.peakRssMiB), c.runs.map((run) => f(run.seconds)).join(' / '),
    ];
  });
  const out = ['## Workers: one job, more worker processes', ''];
  out.push(`The same job copies the 64-partition set with ${scenarios.filter((c) => c.delivery === 'AtLeastOnce').map((c) => c.workers ?? 1).join(', ')} workers, each a process with its share of the partitions (as the job's worker Pods). From the first worker's start until the target holds everything. CPU and RSS are all the workers' together; "cores busy" is their CPU seconds per wall second. This machine has ${r.machine.cores} cores, which also run both brokers.`, '');
  out.push(table(['delivery', 'workers', 'seconds', 'records/s', 'MB/s', 'vs 1 worker', 'CPU s/GB', 'cores busy', 'peak RSS MiB (all)', 'per-run seconds'], rows), '');
  const paper = scenarios.filter((c) => (c.workers ?? 1) === 1 && c.median).map((c) => {
    const m = c.median!;
    const perCore = 1_000 / m.cpuSecondsPerGb;
    return `${c.delivery}: a GB costs one worker ${f(m.cpuSecondsPerGb)} CPU seconds, so each core given to the workers copies about ${int(perCore)} MB/s; N workers with N cores of their own (brokers elsewhere) would copy about N x ${int(perCore)} MB/s, until the brokers, their disks or the network are the limit. One worker kept ${f(m.cpuSeconds / m.seconds, 2)} cores busy here.`;
  });
  if (paper.length > 0) out.push('On paper, for machines with more cores: a worker copies on one JavaScript thread (garbage collection and I/O run beside it), and workers share nothing but the brokers.', '', ...paper.map((line) => `- ${line}`), '');
  return out;
}
