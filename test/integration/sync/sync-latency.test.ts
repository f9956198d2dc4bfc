import { sourceKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { kcatReadAll } from '../../helpers/kafka/kcat.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { waitFor } from '../../helpers/processes.ts';
import { startWorker, untilWorkersCaughtUp, type WorkerProcess } from '../../helpers/replication/worker-process.ts';
import { adminOf, writeSyncJobFiles } from '../../helpers/sync/sync-job.ts';

const countOn = async (cluster: KafkaCluster, topic: string): Promise<number> => (await kcatReadAll(cluster, topic).catch(() => [])).length;

/** Milliseconds until `check` holds, polled every 200 ms. */
async function msUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  await waitFor(what, async () => ((await check()) ? true : undefined), { timeoutMs, intervalMs: 200 });
  return Date.now() - started;
}

describe('a running job (worker 0 syncs, syncIntervalSeconds 2)', () => {
  it('starts copying a new source topic and translates a new group commit within seconds', async () => {
    const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
    const prefix = uniqueTopic('latency');
    const first = `${prefix}-a`;
    const created = `${prefix}-b`;
    const sourceAdmin = adminOf(source);
    const targetAdmin = adminOf(target);
    let worker: WorkerProcess | undefined;
    try {
      await sourceAdmin.createTopics([{ name: first, partitions: 2, replicationFactor: 1 }]);
      await produceRecords(source, first, Array.from({ length: 100 }, (_, i) => ({ partition: i % 2, key: null, value: `a-${i}` })));
      worker = await startWorker(writeSyncJobFiles(prefix, source, target, [first], { topics: { include: [`${prefix}-.*`] } }), { index: 0, revision: 1 });
      await untilWorkersCaughtUp([worker]);

      await sourceAdmin.createTopics([{ name: created, partitions: 3, replicationFactor: 1 }]);
      const topicCreatedAt = Date.now();
      await produceRecords(source, created, Array.from({ length: 90 }, (_, i) => ({ partition: i % 3, key: null, value: `b-${i}` })));
      // Compared with the source's own count: a producer retry into a topic this new may write a batch twice there.
      const written = await countOn(source, created);
      expect(written).toBeGreaterThanOrEqual(90);
      let copies = 0;
      await msUntil(`${created} to be mirrored`, async () => (copies = await countOn(target, created)) >= written).catch(() => undefined);
      expect(copies).toBe(written);
      const newTopicMs = Date.now() - topicCreatedAt;

      const group = `${prefix}-group`;
      await sourceAdmin.alterGroupOffsets(group, [{ topic: first, partition: 0, offset: 20n }, { topic: first, partition: 1, offset: 50n }]);
      const groupMs = await msUntil(`${group} to appear on the target`, async () => (await targetAdmin.listGroupOffsets(group)).length === 2);
      console.log(`new source topic fully mirrored after ${newTopicMs} ms; source group commit translated on the target after ${groupMs} ms`);
      expect(newTopicMs).toBeLessThan(20_000);
      expect(groupMs).toBeLessThan(20_000);
      // Each offset lands on the copy of the record it pointed at: a-40 is at offset 20 of partition 0; partition 1 was read to its end (50).
      const targetRecords = await kcatReadAll(target, first);
      const offsets = new Map((await targetAdmin.listGroupOffsets(group)).map((o) => [o.partition, Number(o.offset)]));
      const firstUnread = (p: number) => targetRecords.filter((r) => r.partition === p && r.offset >= offsets.get(p)!)[0]?.payload;
      expect(firstUnread(0)).toBe('a-40');
      expect(firstUnread(1)).toBeUndefined();
    } finally {
      await worker?.stop();
      await Promise.all([sourceAdmin.close(), targetAdmin.close()]);
    }
  }, 180_000);
});
