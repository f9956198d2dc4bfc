import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sourceKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareTopics } from '../helpers/kafka/compare-topics.ts';
import type { KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool, kafkaTool } from '../helpers/kafka/kafka-tools.ts';
import { produceRecords } from '../helpers/kafka/produce.ts';
import { aReplicationConfig, startReplicator, untilCaughtUp } from '../helpers/replication/run-replicator.ts';

/** Data batches in a partition's log on disk, as Kafka's DumpLogSegments counts them (markers left out). */
async function dataBatches(cluster: KafkaCluster, topic: string, partition: number): Promise<number> {
  const dir = join(cluster.dir, 'kafka', `${topic}-${partition}`);
  const logs = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => join(dir, f));
  const dump = await kafkaTool(cluster, 'kafka.tools.DumpLogSegments', ['--files', logs.join(',')]);
  return dump.split('\n').filter((l) => l.includes('baseOffset:') && l.includes('isControl: false')).length;
}

/** Records a producer at a trickle writes: a batch each, with headers and distinct timestamps. */
const trickle = (partitions: number, perPartition: number) =>
  Array.from({ length: partitions * perPartition }, (_, i) => ({ partition: i % partitions, key: `k${i}`, value: `value ${i} `.repeat(8), headers: [['h', String(i)], ['h', 'again']] as Array<[string, string]>, timestamp: Date.now() - 600_000 + i * 7 }));

describe('small source batches are written joined', () => {
  it.each([['none'], ['zstd']] as const)('a batch per record (%s): the target holds every record exactly, in far fewer batches', async (compression) => {
    const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
    const topic = uniqueTopic(`joined-${compression}`);
    await Promise.all([createTopicWithTool(source, topic, 2), createTopicWithTool(target, topic, 2)]);
    await produceRecords(source, topic, trickle(2, 100), { compression, perSend: 1 });
    const running = startReplicator(source, target, aReplicationConfig([topic]));
    try {
      await untilCaughtUp(running.replicator);
    } finally {
      await running.stop();
    }
    expect(await compareTopics(source, topic, target)).toEqual({ sourceRecords: 200, targetRecords: 200, lost: 0, duplicated: 0, mismatchedPartitions: [] });
    for (const partition of [0, 1]) {
      expect(await dataBatches(source, topic, partition)).toBe(100);
      // One fetch reads all 100: they land as one batch (a few if a fetch came in between the sends).
      expect(await dataBatches(target, topic, partition)).toBeLessThanOrEqual(10);
    }
    expect(running.replicator.totals.joinedBatches).toBeGreaterThan(0);
  }, 180_000);

  it('a joined batch the target refuses as too large: the partition is copied batch by batch instead, exactly, and does not stop', async () => {
    const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
    const topic = uniqueTopic('joined-refused');
    // Each source batch (~250 B) fits the target's limit; 100 of them joined do not.
    await Promise.all([createTopicWithTool(source, topic, 2), createTopicWithTool(target, topic, 2, { 'max.message.bytes': '2000' })]);
    await produceRecords(source, topic, trickle(2, 100), { perSend: 1 });
    const running = startReplicator(source, target, aReplicationConfig([topic]));
    try {
      await untilCaughtUp(running.replicator, 120_000);
    } finally {
      await running.stop();
    }
    const partitions = [...running.replicator.partitions.values()];
    expect(partitions.map((p) => [p.stopped, p.unjoined])).toEqual([[undefined, true], [undefined, true]]);
    expect(await compareTopics(source, topic, target)).toEqual({ sourceRecords: 200, targetRecords: 200, lost: 0, duplicated: 0, mismatchedPartitions: [] });
    expect(await dataBatches(target, topic, 0)).toBe(100);
  }, 180_000);
});
