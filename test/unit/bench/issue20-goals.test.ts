import { describe, expect, it } from '@jest/globals';
import { checkGoals } from '../../../bench/goals.ts';
import type { BenchResults, CopyFigures, CopyScenario, LatencyResult, ReplicationCeilingRun } from '../../../bench/results.ts';

const figures = (recordsPerSecond: number): CopyFigures => ({
  seconds: 1_000_000 / recordsPerSecond, firstRecordSeconds: 1, recordsPerSecond, steadyRecordsPerSecond: recordsPerSecond, mbPerSecond: recordsPerSecond / 1_000,
  cpuSeconds: 5, cpuSecondsPerGb: 5, peakRssMiB: 150, extraTargetOffsets: 0, pausedWindows: 0, longestPauseSeconds: 0,
});

const ours = (delivery: 'AtLeastOnce' | 'ExactlyOnce', recordsPerSecond: number): CopyScenario => ({
  label: `ours ${delivery}`, kind: 'ours', delivery, runs: [{ ...figures(recordsPerSecond) }], median: figures(recordsPerSecond),
});

const replication = (recordsPerSecond: number): ReplicationCeilingRun => ({ seconds: 1_000_000 / recordsPerSecond, recordsPerSecond, mbPerSecond: recordsPerSecond / 1_000, cpuSeconds: 3, cpuSecondsPerGb: 3 });

const results = (copy: CopyScenario[], ceiling?: BenchResults['ceiling']): BenchResults => ({ copy, scale: [], latency: [], ...(ceiling ? { ceiling } : {}) } as unknown as BenchResults);

const goal = (r: BenchResults, name: string) => checkGoals(r).find((g) => g.goal === name);

describe('the goals against Kafka\'s replication', () => {
  it('holds AtLeastOnce to 80 % and ExactlyOnce to 70 % of the replication\'s records/s', () => {
    const r = results([ours('AtLeastOnce', 85_000), ours('ExactlyOnce', 60_000)], { runs: [], replication: { runs: [replication(100_000)], median: replication(100_000) } });
    expect(goal(r, 'AtLeastOnce >= 80 % of Kafka\'s replication')).toEqual({ goal: 'AtLeastOnce >= 80 % of Kafka\'s replication', actual: '85 %', met: true });
    expect(goal(r, 'ExactlyOnce >= 70 % of Kafka\'s replication')).toEqual({ goal: 'ExactlyOnce >= 70 % of Kafka\'s replication', actual: '60 %', met: false, gap: 'throughput must be 1.17x higher' });
  });

  it('says "not measured" when the replication failed, never a ratio against nothing', () => {
    const r = results([ours('AtLeastOnce', 85_000)], { runs: [], replication: { runs: [], error: 'the follower holds 3 of 64 partitions' } });
    expect(goal(r, 'AtLeastOnce >= 80 % of Kafka\'s replication')).toEqual({ goal: 'AtLeastOnce >= 80 % of Kafka\'s replication', actual: 'not measured' });
  });
});

const latency = (kind: LatencyResult['kind'], share: number, p50Ms: number, p99Ms: number, delivery?: 'AtLeastOnce' | 'ExactlyOnce'): LatencyResult => ({
  label: `${kind} ${delivery ?? ''}`, kind, ...(delivery ? { delivery } : {}), targetRecordsPerSecond: 1_000, share, seconds: 30, produced: 30_000, received: 30_000, measured: 27_000, p50Ms, p99Ms, maxMs: p99Ms,
});

describe('the latency goals', () => {
  const withLatency = (rows: LatencyResult[]) => ({ ...results([]), latency: rows });

  it('judges each mirror at the lightest share, and the probe alone at twice it', () => {
    const r = withLatency([
      latency('probe', 0.2, 12, 40),
      latency('ours', 0.1, 30, 400, 'AtLeastOnce'),
      latency('ours', 0.1, 2_600, 5_050, 'ExactlyOnce'),
      // At half the ceiling: reported, never judged.
      latency('ours', 0.5, 10, 20, 'AtLeastOnce'),
    ]);
    const goals = checkGoals(r).filter((g) => g.goal.includes('latency') || g.goal.includes('probe'));
    expect(goals).toEqual([
      { goal: 'the probe alone at twice the rate of 10 % of the ceiling: p50 <= 50 ms, p99 <= 250 ms (else the probe limits the figures below)', actual: 'p50 12 ms, p99 40 ms', met: true },
      { goal: 'AtLeastOnce latency at 10 % of the ceiling: p50 <= 50 ms, p99 <= 250 ms', actual: 'p50 30 ms, p99 400 ms', met: false, gap: 'p99 1.6x the goal' },
      { goal: 'ExactlyOnce latency at 10 % of the ceiling: p99 <= the commit interval (5000 ms) + 100 ms', actual: 'p50 2600 ms, p99 5050 ms', met: true },
    ]);
  });

  it('leaves a failed probe unmeasured', () => {
    const failed = { ...latency('ours', 0.1, Number.NaN, Number.NaN, 'AtLeastOnce'), error: 'worker exited' };
    expect(checkGoals(withLatency([failed])).find((g) => g.goal.startsWith('AtLeastOnce latency'))?.actual).toBe('not measured');
  });
});
