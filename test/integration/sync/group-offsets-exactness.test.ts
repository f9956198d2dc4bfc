import { mapLimit } from '../../../src/sync/concurrency.ts';
import { legacyKafka, sourceKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { consumeAsGroup } from '../../helpers/kafka/console-consumer.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../../helpers/kafka/kafka-tools.ts';
import { kcatReadAll } from '../../helpers/kafka/kcat.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { compactedTopicWithGaps, transactionalTopic } from '../../helpers/kafka/source-topics.ts';
import { waitFor } from '../../helpers/processes.ts';
import { startWorker, untilWorkersCaughtUp, type WorkerProcess } from '../../helpers/replication/worker-process.ts';
import { adminOf, writeSyncJobFiles } from '../../helpers/sync/sync-job.ts';

interface GroupCase {
  topic: string;
  partitions: number;
  group: string;
  /** Values the group read on the source before the job synced its offsets. */
  readOnSource: string[];
}

/** The judge: what the group reads on the target after resuming, against what it had not read on the source. */
function verdict(all: string[], readOnSource: string[], readOnTarget: string[]): { duplicated: number; skipped: number; unknown: number } {
  const before = new Set(readOnSource);
  const seen = new Set<string>();
  let duplicated = 0;
  for (const v of readOnTarget) {
    if (before.has(v) || seen.has(v)) duplicated++;
    seen.add(v);
  }
  const known = new Set(all);
  return { duplicated, skipped: all.filter((v) => !before.has(v) && !seen.has(v)).length, unknown: readOnTarget.filter((v) => !known.has(v)).length };
}

const values = async (cluster: KafkaCluster, topic: string): Promise<string[]> => (await kcatReadAll(cluster, topic)).map((r) => r.payload ?? '');

async function untilGroupOffsetsOnTarget(target: KafkaCluster, cases: GroupCase[]): Promise<void> {
  const admin = adminOf(target);
  try {
    await waitFor('every group offset to be translated onto the target', async () => {
      for (const c of cases) if ((await admin.listGroupOffsets(c.group)).filter((o) => o.topic === c.topic).length < c.partitions) return undefined;
      return true;
    }, { timeoutMs: 60_000, intervalMs: 500 });
  } finally {
    await admin.close();
  }
}

describe.each([
  ['Kafka 3.9 with SASL', sourceKafka],
  ['Kafka 2.6 with ZooKeeper', legacyKafka],
])('group offsets from %s', (_name, sourceCluster) => {
  it('a caught-up and a lagging group resume on the target exactly where they stopped: plain, compacted (gaps), transactional (aborts)', async () => {
    const [source, target] = await Promise.all([sourceCluster(), targetKafka()]);
    const plain = uniqueTopic('exact-plain');
    const compacted = uniqueTopic('exact-compacted');
    const txn = uniqueTopic('exact-txn');
    await createTopicWithTool(source, plain, 3);
    await produceRecords(source, plain, Array.from({ length: 300 }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: `plain-${i}` })));
    await compactedTopicWithGaps(source, compacted);
    await transactionalTopic(source, txn);
    const topics: Array<[string, number]> = [[plain, 3], [compacted, 2], [txn, 3]];

    // Kafka's own consumer reads part (lagging) or all (caught up) of each topic and commits on the source.
    const groups = await mapLimit(topics.flatMap(([topic, partitions]) => [
      { topic, partitions, group: `${topic}-lagging`, share: 0.4 },
      { topic, partitions, group: `${topic}-caught-up`, share: 1 },
    ]), 3, async ({ share, ...c }): Promise<GroupCase> => {
      const total = (await values(source, c.topic)).length;
      const readOnSource = await consumeAsGroup(source, c.topic, c.group, { maxMessages: Math.floor(total * share), idleMs: 30_000 });
      expect(readOnSource).toHaveLength(Math.floor(total * share));
      return { ...c, readOnSource };
    });

    const files = writeSyncJobFiles(plain, source, target, topics.map(([t]) => t));
    let worker: WorkerProcess | undefined;
    try {
      worker = await startWorker(files, { index: 0, revision: 1 });
      await untilWorkersCaughtUp([worker]);
      await untilGroupOffsetsOnTarget(target, groups);
      // New records after the sync: the caught-up groups must read exactly these.
      await produceRecords(source, plain, Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, key: `tail${i}`, value: `plain-tail-${i}` })));
      await produceRecords(source, compacted, Array.from({ length: 30 }, (_, i) => ({ partition: i % 2, key: `tail${i}`, value: `compacted-tail-${i}` })));
      await produceRecords(source, txn, Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, key: `tail${i}`, value: `txn-tail-${i}` })), { transactional: 'commit' });
      await waitFor('the tail to be mirrored', async () => {
        for (const [t] of topics) if ((await values(target, t)).length !== (await values(source, t)).length) return undefined;
        return true;
      }, { timeoutMs: 60_000, intervalMs: 1_000 });
    } finally {
      await worker?.stop();
    }

    // Asking for exactly the number of records the group has not read is a complete test: resuming too
    // early fills the count with records read before (duplicated), too late leaves it short (skipped).
    const results = await mapLimit(groups, 3, async (c) => {
      const all = await values(source, c.topic);
      const readOnTarget = await consumeAsGroup(target, c.topic, c.group, { maxMessages: all.length - c.readOnSource.length, idleMs: 30_000 });
      return { group: c.group, read: readOnTarget.length, ...verdict(all, c.readOnSource, readOnTarget) };
    });
    for (const r of results) expect(r).toEqual({ group: r.group, read: r.read, duplicated: 0, skipped: 0, unknown: 0 });
    // The caught-up groups read only the tail.
    for (const r of results.filter((x) => x.group.endsWith('caught-up'))) expect(r.read).toBe(30);
  }, 600_000);
});
