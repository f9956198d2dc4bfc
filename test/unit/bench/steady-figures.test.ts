import { LatencyHistogram } from '../../../bench/steady/latency-histogram.ts';
import { topicOfPartitionDir } from '../../../bench/steady/log-dir-bytes.ts';
import { judgeLedgers, RecordLedger } from '../../../bench/steady/record-ledger.ts';
import { summariseUsage } from '../../../bench/steady/usage-series.ts';
import { percentileOfSorted } from '../../../bench/stats.ts';
import { stepTimes } from '../../../bench/steady/step-times.ts';
import { Registry } from 'prom-client';
import { ReplicationMetrics } from '../../../src/replication/replication.metrics.ts';

describe('the steady-state bench figures', () => {
  it('reads the time per data-path step from what a worker serves on /metrics', async () => {
    const registry = new Registry();
    const metrics = new ReplicationMetrics(registry, 'ns.job', 0, () => []);
    metrics.step('fetch', 0.5);
    metrics.step('fetch', 0.25);
    metrics.step('commit', 2);
    expect(stepTimes(await registry.metrics())).toEqual([{ step: 'fetch', seconds: 0.75, count: 2 }, { step: 'commit', seconds: 2, count: 1 }]);
  });

  it('a histogram gives the nearest-rank percentiles of the latencies it holds, to the millisecond', () => {
    const latencies = Array.from({ length: 1_000 }, (_, i) => (i * 7919) % 3_001);
    const h = new LatencyHistogram();
    latencies.forEach((ms) => h.add(ms));
    const sorted = Float64Array.from(latencies).sort();
    for (const p of [50, 90, 99, 100]) expect(h.percentile(p)).toBe(percentileOfSorted(sorted, p));
    expect(h.maxMs).toBe(Math.max(...latencies));
  });

  it('a percentile beyond the histogram reads Infinity, not the limit', () => {
    const h = new LatencyHistogram(1_000);
    h.add(10);
    h.add(5_000);
    expect(h.percentile(50)).toBe(10);
    expect(h.percentile(100)).toBe(Number.POSITIVE_INFINITY);
    expect(h.maxMs).toBe(5_000);
  });

  it('counts a record the target lacks as lost and one at a second target offset as duplicated', () => {
    const source = new RecordLedger();
    const target = new RecordLedger();
    for (let n = 0; n < 5; n++) source.add('t', 0, n, n);
    [0, 1, 3, 3, 4].forEach((n, offset) => target.add('t', 0, offset * 2, n)); // 2 missing, 3 twice
    expect(judgeLedgers(source, target)).toEqual({ sourceRecords: 5, lost: 1, duplicated: 1 });
  });

  it('counts only the copies beyond what the source itself holds twice, and records the source never held', () => {
    const source = new RecordLedger();
    const target = new RecordLedger();
    [0, 0, 1].forEach((n, offset) => source.add('t', 0, offset, n)); // a producer retry wrote 0 twice
    [0, 0, 1, 7].forEach((n, offset) => target.add('t', 0, offset, n));
    expect(judgeLedgers(source, target)).toEqual({ sourceRecords: 2, lost: 0, duplicated: 1 });
  });

  it('does not count an offset the reader is handed again (a group rebalance) as a duplicate', () => {
    const source = new RecordLedger();
    const target = new RecordLedger();
    source.add('t', 1, 0, 0);
    source.add('t', 1, 1, 1);
    expect(target.add('t', 1, 0, 0)).toBe(true);
    expect(target.add('t', 1, 1, 1)).toBe(true);
    expect(target.add('t', 1, 0, 0)).toBe(false);
    expect(judgeLedgers(source, target)).toEqual({ sourceRecords: 2, lost: 0, duplicated: 0 });
    expect(target.rereads).toBe(1);
  });

  it('summarises RSS and CPU over the window only, with the growth of its last third', () => {
    const series = Array.from({ length: 31 }, (_, t) => ({ t, rssMiB: t < 5 ? 50 : 100 + t, cpuSeconds: t * 0.25 }));
    const s = summariseUsage(series, 0, 30)!;
    expect(s.rssTwoThirdsMiB).toBe(120);
    expect(s.rssEndMiB).toBe(130);
    expect(s.lastThirdGrowth).toBeCloseTo(10 / 120);
    expect(s.cpuShare).toBeCloseTo(0.25);
    expect(summariseUsage(series, 40, 50)).toBeUndefined();
    // A mirror that caught up at 30 s did the work of the window [0, 20] until then.
    expect(summariseUsage(series, 0, 20, 30)!.cpuShare).toBeCloseTo(7.5 / 20);
  });

  it('reads the topic of a partition directory whose topic name holds dashes', () => {
    expect(topicOfPartitionDir('__kafka-mirror.job.offset-map-0')).toBe('__kafka-mirror.job.offset-map');
    expect(topicOfPartitionDir('steady-3-199')).toBe('steady-3');
  });
});
