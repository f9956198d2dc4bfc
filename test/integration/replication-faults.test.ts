import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareTopics, type TopicComparison } from '../helpers/kafka/compare-topics.ts';
import { startContinuousProducer, stopContinuousProducers } from '../helpers/kafka/continuous-producer.ts';
import { restartBroker, startKafkaCluster, stopKafkaCluster, type KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { produceRecords } from '../helpers/kafka/produce.ts';
import { isAlive, waitFor } from '../helpers/processes.ts';
import { runSubdir } from '../helpers/run-dir.ts';
import { startWorker, untilWorkersCaughtUp, untilWorkersCopying, writeJobFiles, type WorkerProcess } from '../helpers/replication/worker-process.ts';

/** Waits until the target holds every source record, then returns the judge's verdict. */
async function settledComparison(source: KafkaCluster, target: KafkaCluster, topic: string, settled = (c: TopicComparison) => c.lost === 0): Promise<TopicComparison> {
  let last: TopicComparison | undefined;
  await waitFor(
    `${topic} to be mirrored`,
    async () => {
      last = await compareTopics(source, topic, target);
      return settled(last) ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1_000 },
  ).catch(() => undefined);
  return last!;
}

describe('a worker under faults', () => {
  let source: KafkaCluster;
  let target: KafkaCluster;

  beforeAll(async () => {
    // Private clusters: these tests restart brokers, which must not disturb other test files.
    [source, target] = await Promise.all([
      startKafkaCluster({ version: '3.9.1', sasl: true }, runSubdir('faults-source'), 'faults-source'),
      startKafkaCluster({ version: '4.1.2' }, runSubdir('faults-target'), 'faults-target'),
    ]);
  }, 180_000);

  afterEach(stopContinuousProducers);

  afterAll(async () => {
    await Promise.all([source && stopKafkaCluster(source), target && stopKafkaCluster(target)]);
  });

  it('ExactlyOnce: SIGKILLed 5 times and both brokers restarted while a producer writes: nothing lost, nothing doubled', async () => {
    const topic = uniqueTopic('faults-eos');
    await Promise.all([createTopicWithTool(source, topic, 6), createTopicWithTool(target, topic, 6)]);
    const files = writeJobFiles(topic, source, target, { topics: [topic] });
    const load = startContinuousProducer(source, topic, 6);
    let worker: WorkerProcess | undefined;
    try {
      for (let kill = 0; kill < 5; kill++) {
        worker = await startWorker(files, { index: 0, revision: 1 });
        await sleep(2_500 + kill * 300);
        worker.signal('SIGKILL');
        await worker.stop();
      }
      worker = await startWorker(files, { index: 0, revision: 1 });
      await sleep(2_000);
      target = await restartBroker(target);
      await sleep(2_000);
      source = await restartBroker(source);
      await sleep(2_000);
    } finally {
      const produced = await load.stop();
      expect(produced).toBeGreaterThan(1_000);
    }
    await untilWorkersCaughtUp([worker!]);
    const verdict = await settledComparison(source, target, topic);
    await worker!.stop();
    expect(verdict).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [] });
    expect(verdict.targetRecords).toBe(verdict.sourceRecords);
  }, 400_000);

  it('AtLeastOnce: SIGKILLed twice while a producer writes: nothing lost', async () => {
    const topic = uniqueTopic('faults-alo');
    await Promise.all([createTopicWithTool(source, topic, 4), createTopicWithTool(target, topic, 4)]);
    const files = writeJobFiles(topic, source, target, { topics: [topic], delivery: 'AtLeastOnce' });
    const load = startContinuousProducer(source, topic, 4);
    for (let kill = 0; kill < 2; kill++) {
      const w = await startWorker(files, { index: 0, revision: 1 });
      await sleep(3_000);
      w.signal('SIGKILL');
      await w.stop();
    }
    await load.stop();
    const worker = await startWorker(files, { index: 0, revision: 1 });
    await untilWorkersCaughtUp([worker]);
    const verdict = await settledComparison(source, target, topic);
    await worker.stop();
    expect(verdict.lost).toBe(0);
  }, 300_000);

  it('SIGTERM ends the round in flight and exits 0 within the grace period; the next run resumes exactly', async () => {
    const topic = uniqueTopic('faults-sigterm');
    await Promise.all([createTopicWithTool(source, topic, 4), createTopicWithTool(target, topic, 4)]);
    const files = writeJobFiles(topic, source, target, { topics: [topic] });
    const load = startContinuousProducer(source, topic, 4);
    const first = await startWorker(files, { index: 0, revision: 1 });
    await sleep(3_000);
    const asked = Date.now();
    first.signal('SIGTERM');
    const exit = await first.exited;
    const tookMs = Date.now() - asked;
    await load.stop();
    const second = await startWorker(files, { index: 0, revision: 1 });
    await untilWorkersCaughtUp([second]);
    const verdict = await settledComparison(source, target, topic);
    await second.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(30_000); // the Pod's terminationGracePeriodSeconds
    expect(verdict).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [] });
  }, 200_000);

  it('a refused login is a reason on /status, not a crash loop: the worker stays up, not ready, and retries', async () => {
    const topic = uniqueTopic('faults-login');
    await Promise.all([createTopicWithTool(source, topic, 1), createTopicWithTool(target, topic, 1)]);
    const files = writeJobFiles(topic, source, target, { topics: [topic] });
    writeFileSync(join(files.secretsDir, 'source-credentials', 'password'), 'not-the-password');
    const worker = await startWorker(files, { index: 0, revision: 1 });
    const status = await waitFor('the worker to say why it cannot copy', async () => {
      const s = await worker.status();
      return s.reason?.includes('SASL_AUTHENTICATION_FAILED') ? s : undefined;
    });
    const readiness = (await fetch(`http://127.0.0.1:${worker.port}/readyz`)).status;
    await sleep(3_000);
    const stillUp = isAlive(worker.pid);
    await worker.stop();
    expect(status.state).toBe('Starting');
    expect(readiness).toBe(503);
    expect(stillUp).toBe(true);
  }, 120_000);

  it('a zombie worker (SIGSTOPped, replaced, resumed) lands nothing', async () => {
    const topic = uniqueTopic('faults-zombie');
    await Promise.all([createTopicWithTool(source, topic, 3), createTopicWithTool(target, topic, 3)]);
    const files = writeJobFiles(topic, source, target, { topics: [topic] });
    const load = startContinuousProducer(source, topic, 3);
    const zombie = await startWorker(files, { index: 0, revision: 1 });
    await sleep(3_000);
    zombie.signal('SIGSTOP');
    const replacement = await startWorker(files, { index: 0, revision: 1 });
    await sleep(3_000);
    zombie.signal('SIGCONT');
    await sleep(3_000);
    await load.stop();
    await untilWorkersCaughtUp([replacement]);
    const verdict = await settledComparison(source, target, topic);
    const zombieStatus = await waitFor('the zombie to notice it was fenced', async () => {
      const s = await zombie.status();
      return s.state === 'Idle' ? s : undefined;
    });
    await Promise.all([zombie.stop(), replacement.stop()]);
    expect(verdict).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [] });
    expect(zombieStatus.reason).toMatch(/fenced/);
  }, 300_000);

  it('two workers split the partitions; scaling 1 -> 2 -> 1 loses and doubles nothing', async () => {
    const topic = uniqueTopic('faults-scale');
    await Promise.all([createTopicWithTool(source, topic, 8), createTopicWithTool(target, topic, 8)]);
    const load = startContinuousProducer(source, topic, 8);
    const one = await startWorker(writeJobFiles(topic, source, target, { topics: [topic], workers: 1 }, 'r1'), { index: 0, revision: 1 });
    await sleep(3_000);
    // A rolling change to 2 workers: the new generation fences the old one while it still runs.
    const twoFiles = writeJobFiles(topic, source, target, { topics: [topic], workers: 2 }, 'r2');
    const two = [await startWorker(twoFiles, { index: 1, revision: 2 }), await startWorker(twoFiles, { index: 0, revision: 2 })];
    const oldState = await waitFor('the 1-worker generation to stand down', async () => ((await one.status()).state === 'Idle' ? true : undefined));
    expect(oldState).toBe(true);
    await one.stop();
    const shares = (await untilWorkersCopying(two)).map((s) => s.assigned);
    expect(shares[0]!.length + shares[1]!.length).toBe(8);
    expect(new Set([...shares[0]!, ...shares[1]!]).size).toBe(8);
    await sleep(2_000);
    const back = await startWorker(writeJobFiles(topic, source, target, { topics: [topic], workers: 1 }, 'r3'), { index: 0, revision: 3 });
    await waitFor('the 2-worker generation to stand down', async () => ((await Promise.all(two.map((w) => w.status()))).every((s) => s.state === 'Idle') ? true : undefined));
    await Promise.all(two.map((w) => w.stop()));
    await load.stop();
    await untilWorkersCaughtUp([back]);
    const verdict = await settledComparison(source, target, topic);
    await back.stop();
    expect(verdict).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [] });
  }, 300_000);

  it('a record the target refuses stops exactly its partition, with the reason reported', async () => {
    const topic = uniqueTopic('faults-refused');
    await Promise.all([createTopicWithTool(source, topic, 3), createTopicWithTool(target, topic, 3, { 'max.message.bytes': '2000' })]);
    await produceRecords(source, topic, [0, 1, 2].flatMap((partition) => Array.from({ length: 10 }, (_, i) => ({ partition, key: `k${i}`, value: 'small' }))));
    await produceRecords(source, topic, [{ partition: 1, key: 'big', value: 'x'.repeat(10_000) }]);
    await produceRecords(source, topic, [0, 1, 2].map((partition) => ({ partition, key: 'after', value: 'small again' })));
    // The target's lower limit is the point: a config sync would copy the source's (none) over it.
    const worker = await startWorker(writeJobFiles(topic, source, target, { topics: [topic], configs: { sync: false } }), { index: 0, revision: 1 });
    const status = await waitFor('partition 1 to stop', async () => {
      const s = await worker.status();
      return s.stopped.length > 0 ? s : undefined;
    });
    const verdict = await settledComparison(source, target, topic, (c) => c.targetRecords >= 31);
    const metrics = await (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text();
    await worker.stop();
    expect(status.stopped).toEqual([{ topic, partition: 1, offset: 10, error: 'MESSAGE_TOO_LARGE', message: expect.any(String) }]);
    expect(metrics).toMatch(/kafka_mirror_stopped_partitions\{[^}]*\} 1/);
    // Partitions 0 and 2 are complete; partition 1 holds exactly the records before the refused one.
    expect(verdict?.lost).toBe(2);
    expect(verdict?.duplicated).toBe(0);
  }, 200_000);
});

