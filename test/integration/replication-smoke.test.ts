import { sourceKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareTopics } from '../helpers/kafka/compare-topics.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { produceRecords } from '../helpers/kafka/produce.ts';
import { aReplicationConfig, startReplicator, untilCaughtUp } from '../helpers/replication/run-replicator.ts';

it('copies a topic exactly once', async () => {
  const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
  const topic = uniqueTopic('smoke');
  await Promise.all([createTopicWithTool(source, topic, 3), createTopicWithTool(target, topic, 3)]);
  await produceRecords(source, topic, Array.from({ length: 300 }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: `v${i}`, headers: [['h', 'a'], ['h', 'b']], timestamp: Date.now() - 3_600_000 + i })));
  const running = startReplicator(source, target, aReplicationConfig([topic]));
  try {
    await untilCaughtUp(running.replicator);
  } finally {
    await running.stop();
  }
  expect(await compareTopics(source, topic, target)).toEqual({ sourceRecords: 300, targetRecords: 300, lost: 0, duplicated: 0, mismatchedPartitions: [] });
});
