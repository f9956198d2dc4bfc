import { readFileSync } from 'node:fs';
import { uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareTopics } from '../helpers/kafka/compare-topics.ts';
import { startContinuousProducer, stopContinuousProducers, type ContinuousProducer } from '../helpers/kafka/continuous-producer.ts';
import { restartBroker, startKafkaCluster, stopKafkaCluster, type KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { waitFor } from '../helpers/processes.ts';
import { runSubdir } from '../helpers/run-dir.ts';
import { jobArgs, startCli, writeJob } from './cli/cli-harness.ts';
import { startWorker, untilWorkersCaughtUp, untilWorkersCopying, writeJobFiles, type WorkerProcess, type WorkerStatus } from '../helpers/replication/worker-process.ts';

/** The worker's resident memory, as the kernel counts it. */
const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/**
 * The target holds exactly what the source holds, and the source holds every acknowledged record. A send
 * that failed while the source was down may still have written its batch, so the source may hold up to
 * the records attempted: the count to compare against is the source's, not the producer's.
 */
async function expectExactCopy(source: KafkaCluster, topic: string, target: KafkaCluster, load: ContinuousProducer): Promise<void> {
  const verdict = await compareTopics(source, topic, target);
  expect(verdict).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [], targetRecords: verdict.sourceRecords });
  expect(verdict.sourceRecords).toBeGreaterThanOrEqual(load.acknowledged());
  expect(verdict.sourceRecords).toBeLessThanOrEqual(load.attempted());
}

/** 45 s in the test run; `npm run soak:outages` sets 600 (issue #18's ten-minute outages). */
const OUTAGE_MS = Number(process.env.KMO_OUTAGE_SECONDS ?? 45) * 1000;
/** The promise: whoever looks is told which cluster does not answer within 30 s of it going away. */
const NAMED_WITHIN_MS = 30_000;
/** Each test's own time: the outage, plus starting, catching up and judging. */
const TEST_MS = OUTAGE_MS + 355_000;
const PARTITIONS = 4;

/**
 * Runs `restart` (one broker stopped for OUTAGE_MS, then started again) and meanwhile waits for /status
 * to say what `says` looks for, sampling the worker's memory. The producer keeps writing through it
 * (into the source's log while the target is down; retrying while the source is).
 */
async function throughAnOutage(worker: WorkerProcess, restart: () => Promise<unknown>, says: (s: WorkerStatus) => boolean): Promise<{ seen: WorkerStatus; afterMs: number; peakMiB: number; beforeMiB: number }> {
  const beforeMiB = rssMiB(worker.pid);
  let peakMiB = beforeMiB;
  const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, rssMiB(worker.pid))), 500);
  const down = Date.now();
  const back = restart();
  try {
    const seen = await waitFor('/status to say why the worker cannot copy', async () => {
      const s = await worker.status();
      return says(s) ? s : undefined;
    }, { timeoutMs: NAMED_WITHIN_MS, intervalMs: 500 });
    const afterMs = Date.now() - down;
    await back;
    return { seen, afterMs, peakMiB, beforeMiB };
  } finally {
    await back.catch(() => undefined);
    clearInterval(sampler);
  }
}

describe('a worker through outages of its clusters (2.6.0 source, 4.1.2 target)', () => {
  let source: KafkaCluster;
  let target: KafkaCluster;

  beforeAll(async () => {
    // Private clusters: these tests stop brokers.
    [source, target] = await Promise.all([
      startKafkaCluster({ version: '2.6.0' }, runSubdir('outage-source'), 'outage-source'),
      startKafkaCluster({ version: '4.1.2' }, runSubdir('outage-target'), 'outage-target'),
    ]);
  }, 180_000);

  afterEach(stopContinuousProducers);

  afterAll(async () => {
    await Promise.all([source && stopKafkaCluster(source), target && stopKafkaCluster(target)]);
  });

  // The CLI stopped at the first failed assignment refresh of a source outage; it now waits it out.
  it('kafka-mirror run: the source unreachable after the run got going: the progress line says NOT COPYING naming it, and the run copies on exactly', async () => {
    const topic = uniqueTopic('outage-cli');
    await createTopicWithTool(source, topic, PARTITIONS);
    const load = startContinuousProducer(source, topic, PARTITIONS, { perSecond: 400, idempotent: true });
    const cli = startCli(['run', ...jobArgs(writeJob(source, target, [topic])), '--plain']);
    try {
      await waitFor('the run to copy', async () => (/copied [1-9]/.test(cli.output().stdout) ? true : undefined), { timeoutMs: 90_000, intervalMs: 500 });
      const back = restartBroker(source, OUTAGE_MS).then((restarted) => (source = restarted));
      const said = await waitFor('NOT COPYING naming the source', async () => cli.output().stdout.split('\n').find((l) => l.includes(`; NOT COPYING: `) && l.includes(`no answer from the source (${source.bootstrap})`)), { timeoutMs: NAMED_WITHIN_MS, intervalMs: 500 });
      console.log(`kafka-mirror run, source down: ${said}`);
      await back;
      await load.stop();
      await waitFor('the target to hold every record', async () => {
        const { sourceRecords, targetRecords } = await compareTopics(source, topic, target);
        return targetRecords >= sourceRecords ? true : undefined;
      }, { timeoutMs: 120_000, intervalMs: 2_000 });
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
      await expectExactCopy(source, topic, target, load);
    } finally {
      await load.stop();
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    }
  }, TEST_MS);

  it.each([['target'], ['source']] as const)('the %s unreachable while a producer writes: /status names it, memory stays bounded, and the job catches up exactly', async (side) => {
    const topic = uniqueTopic(`outage-${side}`);
    await Promise.all([createTopicWithTool(source, topic, PARTITIONS), createTopicWithTool(target, topic, PARTITIONS)]);
    const load = startContinuousProducer(source, topic, PARTITIONS, { perSecond: 400, idempotent: true });
    const worker = await startWorker(writeJobFiles(topic, source, target, { topics: [topic] }), { index: 0, revision: 1 });
    try {
      await untilWorkersCopying([worker]);
      const cluster = side === 'target' ? target : source;
      const outage = await throughAnOutage(worker, async () => {
        const restarted = await restartBroker(cluster, OUTAGE_MS);
        if (side === 'target') target = restarted;
        else source = restarted;
      }, (s) => s.state !== 'Running' && (s.reason ?? '').includes(cluster.bootstrap));
      console.log(`${side} down: /status said "${outage.seen.state}: ${outage.seen.reason}" after ${outage.afterMs} ms; RSS ${outage.beforeMiB.toFixed(0)} -> peak ${outage.peakMiB.toFixed(0)} MiB`);
      expect(outage.peakMiB - outage.beforeMiB).toBeLessThan(64);
      // The job must also catch up with what the producer writes once the cluster is back. (A count of
      // all records would not show it: after a quick start, the records before a source outage alone
      // can reach any fixed number.)
      const atReturn = load.acknowledged();
      await waitFor('the producer to write after the outage', async () => (load.acknowledged() >= atReturn + 200 ? true : undefined), { timeoutMs: 90_000, intervalMs: 200 });
      await load.stop();
      await untilWorkersCaughtUp([worker], 180_000);
      await expectExactCopy(source, topic, target, load);
    } finally {
      await load.stop();
      await worker.stop();
    }
  }, TEST_MS);
});
