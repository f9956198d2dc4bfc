import { Registry } from 'prom-client';
import { bucketsBetween, histogramBuckets, quantileBound } from '../../../bench/jobs/histogram-buckets.ts';
import { clientGroup, countRequests, totalRequests } from '../../../bench/jobs/request-counts.ts';
import { OperatorMetrics } from '../../../operator/operator.metrics.ts';
import { stepTimes, stepTimesBetween } from '../../../bench/steady/step-times.ts';

/** Two lines as a 4.1.2 broker's request logger wrote them (the bench's first run), and one that is not a request. */
const brokerLog = [
  '[2026-12-07 12:32:28,286] DEBUG Completed request:{"isForwarded":false,"requestHeader":{"requestApiKey":44,"requestApiVersion":1,"correlationId":4,"clientId":"adminclient-1","requestApiKeyName":"INCREMENTAL_ALTER_CONFIGS"},"request":"","response":{"throttleTimeMs":0},"connection":"127.0.0.1:30289-127.0.0.1:57984-0-12","totalTimeMs":31.407} (kafka.request.logger)',
  '[2026-12-07 12:32:28,402] DEBUG Completed request:{"isForwarded":false,"requestHeader":{"requestApiKey":1,"requestApiVersion":11,"correlationId":65,"clientId":"kafka-mirror-bench-jobs-mxd929jc-2k4bb.jobs-000-w0-source","requestApiKeyName":"FETCH"},"request":"","response":{"throttleTimeMs":0,"errorCode":0,"sessionId":663770146,"responses":[]},"totalTimeMs":501.838} (kafka.request.logger)',
  '[2026-12-07 12:32:29,001] DEBUG Completed request:{"isForwarded":false,"requestHeader":{"requestApiKey":3,"requestApiVersion":12,"correlationId":7,"clientId":"kafka-mirror-bench-jobs-mxd929jc-2k4bb.jobs-000-sync-source","requestApiKeyName":"METADATA"},"request":"","response":{}} (kafka.request.logger)',
  '[2026-12-07 12:32:29,101] DEBUG Completed request:{"isForwarded":false,"requestHeader":{"requestApiKey":3,"requestApiVersion":12,"correlationId":8,"clientId":"kafka-mirror-operator-bench-jobs-mxd929jc-2k4bb.jobs-000-source","requestApiKeyName":"METADATA"},"request":"","response":{}} (kafka.request.logger)',
  '[2026-12-07 12:32:29,102] DEBUG Completed request:{"isForwarded":false,"requestHeader":{"requestApiKey":18,"requestApiVersion":3,"correlationId":0,"clientId":"kafka-mirror-operator-bench-jobs-mxd929jc-2k4bb.jobs-000-source","requestApiKeyName":"API_VERSIONS"},"request":"","response":{}} (kafka.request.logger)',
  '[2026-12-07 12:32:29,200] INFO [Broker id=1] Leader jobs-000-0 with topic id Some(x) starts at leader epoch 0 (state.change.logger)',
].join('\n');

describe('the many-jobs bench figures', () => {
  it('counts a broker\'s logged requests by API for the operator, the metadata syncs and the data paths, leaving other clients out', async () => {
    const counts = await countRequests(brokerLog.split('\n'), clientGroup);
    expect(Object.fromEntries(counts)).toEqual({ workers: { FETCH: 1 }, sync: { METADATA: 1 }, operator: { METADATA: 1, API_VERSIONS: 1 } });
    expect(totalRequests(counts.get('operator'))).toBe(2);
    expect(totalRequests(counts.get('nobody'))).toBe(0);
  });

  it('reads the reconcile histogram the operator serves and bounds its quantiles by bucket, between two scrapes', async () => {
    const registry = new Registry();
    const metrics = new OperatorMetrics(registry);
    const reconcileTaking = (ms: number) => metrics.observe(() => new Promise((resolve) => setTimeout(resolve, ms)));
    await reconcileTaking(0);
    const before = histogramBuckets(await registry.metrics(), 'kafka_mirror_reconcile_duration_seconds');
    for (let i = 0; i < 9; i++) await reconcileTaking(0);
    await reconcileTaking(300);
    const window = bucketsBetween(before, histogramBuckets(await registry.metrics(), 'kafka_mirror_reconcile_duration_seconds'));
    expect(window.at(-1)).toEqual({ le: Infinity, count: 10 });
    expect(quantileBound(window, 0.5)).toBe(0.05);
    // 1 of 10 took 300 ms: the 99th percentile is in the 0.5 s bucket.
    expect(quantileBound(window, 0.99)).toBe(0.5);
    expect(quantileBound(bucketsBetween(window, window), 0.99)).toBeUndefined();
  });

  it('reads how long each step of the operator\'s reconciles took between two scrapes, a step that threw included', async () => {
    const registry = new Registry();
    const metrics = new OperatorMetrics(registry);
    await metrics.timed('kafka', async () => undefined);
    const before = stepTimes(await registry.metrics(), 'kafka_mirror_reconcile_step_seconds');
    await metrics.timed('kafka', () => new Promise((resolve) => setTimeout(resolve, 200)));
    await expect(metrics.timed('children', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    const window = stepTimesBetween(before, stepTimes(await registry.metrics(), 'kafka_mirror_reconcile_step_seconds'));
    expect(window.map((s) => [s.step, s.count])).toEqual([['kafka', 1], ['children', 1]]);
    expect(window.find((s) => s.step === 'kafka')?.seconds).toBeGreaterThanOrEqual(0.19);
  });
});
