import { ClusterLink, EARLIEST, KafkaErrorCode, LATEST } from '../../src/kafka/index.ts';
import { accessOf } from '../helpers/kafka/access.ts';
import { legacyKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import type { KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { kcatEndOffsets, kcatProduce } from '../helpers/kafka/kcat.ts';

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

// A worker reads the end of every target partition it has not written yet; a partition whose log is not
// made yet (or a topic not listed yet) must not fail the others, as the client library's listing does.
describe.each([
  ['Kafka 4.1.2', targetKafka],
  ['Kafka 2.6.0 (ZooKeeper)', legacyKafka],
] as Array<[string, () => Promise<KafkaCluster>]>)('the offsets of each partition, %s', (_, cluster) => {
  it('answer per partition as kcat reads them, and name the partitions that cannot answer', async () => {
    const c = await cluster();
    const [topic, missing] = [uniqueTopic('each'), uniqueTopic('each-missing')];
    await createTopicWithTool(c, topic, 3);
    await kcatProduce(c, topic, ['a', 'b', 'c'], { partition: 1 });
    await kcatProduce(c, topic, ['d'], { partition: 2 });
    const link = new ClusterLink(accessOf(c), 'test-offsets-each');
    try {
      const asked = [0, 1, 2, 3].map((partition) => ({ topic, partition })).concat([{ topic: missing, partition: 0 }]);
      const ends = await link.offsetsEach(asked, LATEST);
      const byKcat = await kcatEndOffsets(c, topic, [0, 1, 2], 'read_committed');
      expect(ends.offsets).toEqual(new Map([...byKcat].map(([p, offset]) => [`${topic}:${p}`, offset])));
      expect(ends.offsets).toEqual(new Map([[`${topic}:0`, 0], [`${topic}:1`, 3], [`${topic}:2`, 1]]));
      // Neither a partition past the topic's count nor a topic the cluster does not list has a leader to ask.
      expect(ends.refused).toEqual(new Map([[`${topic}:3`, KafkaErrorCode.LEADER_NOT_AVAILABLE], [`${missing}:0`, KafkaErrorCode.LEADER_NOT_AVAILABLE]]));
      expect((await link.offsetsEach([{ topic, partition: 1 }], EARLIEST)).offsets).toEqual(new Map([[`${topic}:1`, 0]]));
      expect(await link.offsetsEach([], LATEST)).toEqual({ offsets: new Map(), refused: new Map() });
    } finally {
      await link.close();
    }
  });
});
