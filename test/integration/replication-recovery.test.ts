import { ClusterLink } from '../../src/kafka/cluster-link.ts';
import type { ReplicationConfig } from '../../src/replication/replication-config.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { EARLY_COMMIT_RECORDS } from '../../src/replication/open-interval.ts';
import { Replicator } from '../../src/replication/replicator.ts';
import { FencedError } from '../../src/replication/sink/refusals.ts';
import { accessOf } from '../helpers/kafka/access.ts';
import { sourceKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import type { KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { compareTopics } from '../helpers/kafka/compare-topics.ts';
import { endOffsets } from '../helpers/kafka/end-offsets.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { kcatProduce } from '../helpers/kafka/kcat.ts';
import { waitFor } from '../helpers/processes.ts';
import { aReplicationConfig, untilCaughtUp } from '../helpers/replication/run-replicator.ts';

/**
 * A source whose topic listing fails once on demand: what a source broker restart does to the
 * worker's assignment refresh, at a moment the test chooses instead of a race.
 */
class SourceThatBlinks extends ClusterLink {
  #failures = 0;

  blinkOnce(): void {
    this.#failures = 1;
  }

  override async topics(): Promise<Map<string, number>> {
    if (this.#failures > 0) {
      this.#failures--;
      throw new Error('the source did not answer (injected)');
    }
    return super.topics();
  }
}

/**
 * A target that, once armed, lets one EndTxn reach the coordinator and then reports the connection
 * closed instead of its answer: the transaction commits, and the worker cannot know it.
 */
class TargetThatLosesAnAnswer extends ClusterLink {
  #armed = false;

  loseNextCommitAnswer(): void {
    this.#armed = true;
  }

  override async connectionToHost(host: string, port: number): Promise<Awaited<ReturnType<ClusterLink['connectionToHost']>>> {
    const connection = await super.connectionToHost(host, port);
    return new Proxy(connection, {
      get: (real, prop) => {
        const value: unknown = Reflect.get(real, prop, real);
        if (prop !== 'send' || typeof value !== 'function') return typeof value === 'function' ? value.bind(real) : value;
        return (apiKey: number, ...rest: unknown[]) => {
          const callback = rest.pop() as (err: unknown, res?: unknown) => void;
          const lose = apiKey === END_TXN && this.#armed;
          if (lose) this.#armed = false;
          return value.call(real, apiKey, ...rest, lose ? () => callback(new Error('Connection closed (injected, after the broker took the request)')) : callback);
        };
      },
    });
  }
}

const END_TXN = 26;
const PARTITIONS = 3;
// Fewer than an interval's early-commit bar even if every record lands on one partition: the intervals
// of these tests stay open until they end, a failure, or a stop.
const RECORDS = EARLY_COMMIT_RECORDS - 10;
const records = (from: number) => Array.from({ length: RECORDS }, (_, i) => `record-${from + i}`);

type LinkClass<L extends ClusterLink> = new (...args: ConstructorParameters<typeof ClusterLink>) => L;

/** A topic of RECORDS records on the source (and empty on the target), and the job that mirrors it. */
async function aSeededTopic(name: string, commitIntervalMs: number): Promise<{ source: KafkaCluster; target: KafkaCluster; topic: string; config: ReplicationConfig }> {
  const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
  const topic = uniqueTopic(name);
  await Promise.all([createTopicWithTool(source, topic, PARTITIONS), createTopicWithTool(target, topic, PARTITIONS)]);
  await kcatProduce(source, topic, records(0));
  return { source, target, topic, config: aReplicationConfig([topic], { commitIntervalMs }) };
}

/** A replicator in this process over links of the given kinds (the fault injectors above, or plain ones). */
function replicatorOver<S extends ClusterLink, T extends ClusterLink>(config: ReplicationConfig, clusters: { source: KafkaCluster; target: KafkaCluster }, Source: LinkClass<S>, Target: LinkClass<T>) {
  const src = new Source(accessOf(clusters.source), `test-${config.jobId}-source`);
  const dst = new Target(accessOf(clusters.target), `test-${config.jobId}-target`);
  return { src, dst, replicator: new Replicator(config, { source: src, target: dst, logger: silentLogger }), close: () => Promise.all([src.close(), dst.close()]) };
}

const untilReady = (r: Replicator) => waitFor('the replicator to start', async () => (r.ready ? true : undefined), { timeoutMs: 60_000, intervalMs: 100 });

// The worker runs its replicator again after any failure that escapes it (worker/run-worker.ts). A run
// that failed while a commit interval was open leaves records written in a transaction that the next
// run's producer init aborts: the next run must copy them again, not carry on from after them.
it('ExactlyOnce: a replicator run again after a failure mid-interval copies the aborted interval again', async () => {
  // An interval long enough that the failure comes before it commits.
  const { source, target, topic, config } = await aSeededTopic('rerun', 20_000);
  const { src, replicator, close } = replicatorOver(config, { source, target }, SourceThatBlinks, ClusterLink);
  const controller = new AbortController();
  try {
    const first = replicator.run(controller.signal);
    // Every record is on the target, inside the open transaction, and no position moved yet.
    await waitFor('the records in the open interval', async () => {
      const ends = await endOffsets(target, topic);
      return [...ends.values()].reduce((n, e) => n + e, 0) >= RECORDS ? true : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    expect([...replicator.partitions.values()].map((p) => p.position)).toEqual(Array(PARTITIONS).fill(0));

    // The next assignment refresh (every 2 s) fails and the run throws, as a source restart makes it.
    src.blinkOnce();
    await expect(first).rejects.toThrow('injected');
    // The producer goes on writing: the next run's first interval has new records to commit, and with
    // them the progress it believes it has.
    await kcatProduce(source, topic, records(RECORDS));

    const second = replicator.run(controller.signal);
    await untilCaughtUp(replicator, 60_000);
    controller.abort();
    await second;
  } finally {
    controller.abort();
    await close();
  }
  expect(await compareTopics(source, topic, target)).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [], sourceRecords: 2 * RECORDS, targetRecords: 2 * RECORDS });
}, 120_000);

// A commit whose answer never came back is ambiguous: the broker may have committed. The recovery's
// producer init settles it; the positions must then come from what the target holds.
it('ExactlyOnce: a commit whose answer was lost is not copied a second time', async () => {
  const { source, target, topic, config } = await aSeededTopic('lost-answer', 2_000);
  const { dst, replicator, close } = replicatorOver(config, { source, target }, ClusterLink, TargetThatLosesAnAnswer);
  const controller = new AbortController();
  const running = replicator.run(controller.signal);
  try {
    // Armed once the worker is up (its start commits transactions of its own): the first interval's commit.
    await untilReady(replicator);
    dst.loseNextCommitAnswer();
    await untilCaughtUp(replicator, 60_000);
    // Not vacuous: the commit did fail as far as the worker could tell.
    expect(replicator.totals.transactionsAborted).toBe(1);
  } finally {
    controller.abort();
    await running;
    await close();
  }
  expect(await compareTopics(source, topic, target)).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [], sourceRecords: RECORDS, targetRecords: RECORDS });
  expect(replicator.totals.records).toBe(RECORDS);
}, 120_000);

// A worker paused while its replacement started (SIGSTOP, a frozen node) may next fail for a reason
// other than fencing, and the worker then runs its replicator again. Re-initialising its transactional
// id would fence the replacement, which would idle for good while the zombie copies on: the zombie
// must find itself fenced instead.
it('ExactlyOnce: a replaced replicator run again after another failure does not take its id back', async () => {
  const { source, target, topic, config } = await aSeededTopic('zombie', 20_000);
  const zombie = replicatorOver(config, { source, target }, SourceThatBlinks, ClusterLink);
  const replacement = replicatorOver({ ...config, commitIntervalMs: 2_000 }, { source, target }, ClusterLink, ClusterLink);
  const controller = new AbortController();
  try {
    const paused = zombie.replicator.run(controller.signal);
    // Caught up and committed: an ExactlyOnce fetch now waits for new records (up to maxWaitMs), and
    // the zombie's next failure is the blink below, not a write of its own.
    await untilCaughtUp(zombie.replicator, 60_000);
    // The replacement's producer init fences the zombie, whose open interval has nothing left to send.
    const replacing = replacement.replicator.run(controller.signal);
    await untilReady(replacement.replicator);
    zombie.src.blinkOnce();
    await expect(paused).rejects.toThrow('injected');
    await expect(zombie.replicator.run(controller.signal)).rejects.toBeInstanceOf(FencedError);

    // The replacement copies on, the new records too.
    await kcatProduce(source, topic, records(RECORDS));
    await waitFor('the replacement to commit every record', async () => {
      const committed = [...replacement.replicator.partitions.values()].reduce((n, p) => n + p.position, 0);
      return committed === 2 * RECORDS ? true : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200 });
    controller.abort();
    await replacing;
  } finally {
    controller.abort();
    await Promise.all([zombie.close(), replacement.close()]);
  }
  expect(await compareTopics(source, topic, target)).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [], sourceRecords: 2 * RECORDS, targetRecords: 2 * RECORDS });
}, 120_000);
