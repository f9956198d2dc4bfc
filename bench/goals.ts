/** Issues #13's and #20's goals, checked against the medians. Pure. */
import type { BenchResults, CopyScenario, LatencyResult } from './results.ts';
import { DEFAULT_COMMIT_INTERVAL_MS } from '../src/api/replication.schema.ts';
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

/** Issue #20's latency goals, at the lightest share of the ceiling (10 %). */
function latencyGoals(r: BenchResults): GoalCheck[] {
  const light = Math.min(...r.latency.map((l) => l.share ?? Number.POSITIVE_INFINITY));
  const at = (kind: string, delivery?: string) => r.latency.find((l) => l.kind === kind && l.delivery === delivery && l.share === (kind === 'probe' ? 2 * light : light) && !l.error);
  const share = Number.isFinite(light) ? `${Math.round(light * 100)} % of the ceiling` : '10 % of the ceiling';
  const within = (goal: string, l: LatencyResult | undefined, p50Ms: number, p99Ms: number): GoalCheck => {
    if (!l) return { goal, actual: 'not measured' };
    const met = l.p50Ms <= p50Ms && l.p99Ms <= p99Ms;
    return { goal, actual: `p50 ${Math.round(l.p50Ms)} ms, p99 ${Math.round(l.p99Ms)} ms`, met, ...(met ? {} : { gap: `p99 ${(l.p99Ms / p99Ms).toFixed(1)}x the goal${l.p50Ms > p50Ms ? `, p50 ${(l.p50Ms / p50Ms).toFixed(1)}x` : ''}` }) };
  };
  const eosP99 = DEFAULT_COMMIT_INTERVAL_MS + 100;
  return [
    within(`the probe alone at twice the rate of ${share}: p50 <= 50 ms, p99 <= 250 ms (else the probe limits the figures below)`, at('probe'), 50, 250),
    within(`AtLeastOnce latency at ${share}: p50 <= 50 ms, p99 <= 250 ms`, at('ours', 'AtLeastOnce'), 50, 250),
    within(`ExactlyOnce latency at ${share}: p99 <= the commit interval (${DEFAULT_COMMIT_INTERVAL_MS} ms) + 100 ms`, at('ours', 'ExactlyOnce'), Number.POSITIVE_INFINITY, eosP99),
  ];
}

export function checkGoals(r: BenchResults): GoalCheck[] {
  const ceiling = r.ceiling?.median?.recordsPerSecond ?? Number.NaN;
  const rate = (s?: CopyScenario) => s?.median?.recordsPerSecond ?? Number.NaN;
  const cpu = (s?: CopyScenario) => s?.median?.cpuSecondsPerGb ?? Number.NaN;
  const [oursAlo, oursEos, mmAlo, mmEos] = [scenario(r, 'ours', 'AtLeastOnce'), scenario(r, 'ours', 'ExactlyOnce'), scenario(r, 'mm2', 'AtLeastOnce'), scenario(r, 'mm2', 'ExactlyOnce')];
  const replication = r.ceiling?.replication?.median?.recordsPerSecond ?? Number.NaN;
  const checks = [
    atLeast('AtLeastOnce >= 80 % of Kafka\'s replication', ratio(rate(oursAlo), replication), 0.8, pct, 'throughput must be'),
    atLeast('ExactlyOnce >= 70 % of Kafka\'s replication', ratio(rate(oursEos), replication), 0.7, pct, 'throughput must be'),
    atLeast('AtLeastOnce >= 90 % of the ProducerPerformance ceiling', ratio(rate(oursAlo), ceiling), 0.9, pct, 'throughput must be'),
    atLeast('ExactlyOnce >= 75 % of the ProducerPerformance ceiling', ratio(rate(oursEos), ceiling), 0.75, pct, 'throughput must be'),
    atLeast('ExactlyOnce >= 1.5x MM2 exactly-once', ratio(rate(oursEos), rate(mmEos)), 1.5, (v) => `${v.toFixed(2)}x`, 'throughput must be'),
  ];
  for (const [label, ours, mm] of [['AtLeastOnce', oursAlo, mmAlo], ['ExactlyOnce', oursEos, mmEos]] as const) {
    const share = ratio(cpu(ours), cpu(mm));
    const goal = `CPU-s/GB <= 1/4 of MM2's (${label})`;
    checks.push(Number.isFinite(share)
      ? { goal, actual: `${share.toFixed(2)} of MM2's (${cpu(ours).toFixed(1)} vs ${cpu(mm).toFixed(1)})`, met: share <= 0.25, ...(share <= 0.25 ? {} : { gap: `CPU per GB must fall ${(share / 0.25).toFixed(2)}x` }) }
      : { goal, actual: 'not measured' });
  }
  checks.push(...latencyGoals(r));
  const ours = r.scale.find((s) => s.label.startsWith('ours') && !s.error);
  checks.push(ours
    ? { goal: `worker RSS < 200 MiB at ${ours.partitions} partitions`, actual: `${ours.peakRssMiB.toFixed(0)} MiB peak (${ours.assignedPartitions ?? '?'} assigned)`, met: ours.peakRssMiB < 200, ...(ours.peakRssMiB < 200 ? {} : { gap: `${(ours.peakRssMiB - 200).toFixed(0)} MiB too much` }) }
    : { goal: 'worker RSS < 200 MiB at 2,000 partitions', actual: 'not measured' });
  return [...checks, ...widthGoals(r), ...jobsGoals(r.jobs)];
}
