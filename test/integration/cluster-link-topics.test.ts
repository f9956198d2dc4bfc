import { ClusterLink } from '../../src/kafka/index.ts';
import { accessOf } from '../helpers/kafka/access.ts';
import { legacyKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import type { KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';

// Workers look for their target topics every 2 s and the operator for every job's every 15 s; on a
// target shared by many jobs, asking for all topics made the broker answer for every job's topics.
describe.each([
  ['Kafka 4.1.2', targetKafka],
  ['Kafka 2.6.0 (ZooKeeper)', legacyKafka],
] as Array<[string, () => Promise<KafkaCluster>]>)('the partition counts of named topics, %s', (_, cluster) => {
  it('answer for the named topics that exist, leave out one that does not, and none for none (never all)', async () => {
    const c = await cluster();
    const [topic, other, missing] = [uniqueTopic('named'), uniqueTopic('named-other'), uniqueTopic('named-missing')];
    await Promise.all([createTopicWithTool(c, topic, 3), createTopicWithTool(c, other, 2)]);
    const link = new ClusterLink(accessOf(c), 'test-named-topics');
    try {
      expect(await link.topics([topic, missing])).toEqual(new Map([[topic, 3]]));
      expect(await link.topics([])).toEqual(new Map());
      // All topics, as before, still lists both.
      expect([...(await link.topics())].filter(([t]) => t === topic || t === other).sort()).toEqual([[topic, 3], [other, 2]].sort());
    } finally {
      await link.close();
    }
  });
});
