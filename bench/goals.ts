/** Issues #13's and #20's goals, checked against the medians. Pure. */
import type { BenchResults, CopyScenario } from './results.ts';
import { ratio } from './stats.ts';
import { jobsGoals } from './jobs/jobs-report.ts';
import { widthGoals } from './width/width-report.ts';

export interface GoalCheck {
  goal: string;
  /** The measured figure, worded. */
  actual: string;
  /** undefined when a scenario it needs did not run or failed. */
  met?: boolean;
  /** What stands between the figure and the goal, when not met. */
  gap?: string;
}

const scenario = (r: BenchResults, kind: 'ours' | 'mm2', delivery: string): CopyScenario | undefined => r.copy.find((c) => c.kind === kind && c.delivery === delivery && c.median);
const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;

function atLeast(goal: string, value: number, wanted: number, worded: (v: number) => string, what: string): GoalCheck {
  if (!Number.isFinite(value)) return { goal, actual: 'not measured' };
  const met = value >= wanted;
  return { goal, actual: worded(value), met, ...(met ? {} : { gap: `${what} ${(wanted / value).toFixed(2)}x higher` }) };
}

export function checkGoals(r: BenchResults): GoalCheck[] {
  const ceiling = r.ceiling?.median?.recordsPerSecond ?? Number.NaN;
  const rate = (s?: CopyScenario) => s?.median?.recordsPerSecond ?? Number.NaN;
  const cpu = (s?: CopyScenario) => s?.median?.cpuSecondsPerGb ?? Number.NaN;
  const [oursAlo, oursEos, mmAlo, mmEos] = [scenario(r, 'ours', 'AtLeastOnce'), scenario(r, 'ours', 'ExactlyOnce'), scenario(r, 'mm2', 'AtLeastOnce'), scenario(r, 'mm2', 'ExactlyOnce')];
  const checks = [
    atLeast('AtLeastOnce >= 90 % of the ceiling', ratio(rate(oursAlo), ceiling), 0.9, pct, 'throughput must be'),
    atLeast('ExactlyOnce >= 75 % of the ceiling', ratio(rate(oursEos), ceiling), 0.75, pct, 'throughput must be'),
    atLeast('ExactlyOnce >= 1.5x MM2 exactly-once', ratio(rate(oursEos), rate(mmEos)), 1.5, (v) => `${v.toFixed(2)}x`, 'throughput must be'),
  ];
  for (const [label, ours, mm] of [['AtLeastOnce', oursAlo, mmAlo], ['ExactlyOnce', oursEos, mmEos]] as const) {
    const share = ratio(cpu(ours), cpu(mm));
    const goal = `CPU-s/GB <= 1/4 of MM2's (${label})`;
    checks.push(Number.isFinite(share)
      ? { goal, actual: `${share.toFixed(2)} of MM2's (${cpu(ours).toFixed(1)} vs ${cpu(mm).toFixed(1)})`, met: share <= 0.25, ...(share <= 0.25 ? {} : { gap: `CPU per GB must fall ${(share / 0.25).toFixed(2)}x` }) }
      : { goal, actual: 'not measured' });
  }
  const ours = r.scale.find((s) => s.label.startsWith('ours') && !s.error);
  checks.push(ours
    ? { goal: `worker RSS < 200 MiB at ${ours.partitions} partitions`, actual: `${ours.peakRssMiB.toFixed(0)} MiB peak (${ours.assignedPartitions ?? '?'} assigned)`, met: ours.peakRssMiB < 200, ...(ours.peakRssMiB < 200 ? {} : { gap: `${(ours.peakRssMiB - 200).toFixed(0)} MiB too much` }) }
    : { goal: 'worker RSS < 200 MiB at 2,000 partitions', actual: 'not measured' });
  return [...checks, ...widthGoals(r), ...jobsGoals(r.jobs)];
}
