import { ClusterLink, type BrokerConnection } from '../../src/kafka/index.ts';
import { accessOf } from '../helpers/kafka/access.ts';
import { sourceKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareTopics } from '../helpers/kafka/compare-topics.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { losingAnswers } from '../helpers/kafka/lost-answers.ts';
import { produceRecords } from '../helpers/kafka/produce.ts';
import { aReplicationConfig, startReplicator, untilCaughtUp } from '../helpers/replication/run-replicator.ts';

const PRODUCE = 0;

/**
 * A link to a real target whose next `toLose` answers to Produce requests for `topic` never reach the
 * writer: the broker has written the records, the writer sees the request fail, as after a timeout or
 * a dropped connection.
 */
class LostAnswersLink extends ClusterLink {
  toLose = 0;
  lost = 0;
  topic = '';

  override async connectionTo(nodeId: number, lane?: number): Promise<BrokerConnection> {
    const lose = (apiKey: number, body: Buffer): boolean => apiKey === PRODUCE && this.toLose > 0 && body.includes(this.topic) && this.toLose-- > 0;
    return losingAnswers(await super.connectionTo(nodeId, lane), lose, () => this.lost++);
  }
}

// The 30-minute AtLeastOnce run doubled 54,141 records after one produce timed out: the worker
// re-initialised its producer and rewound, writing again what the broker had already written. A
// write whose answer is lost is now sent again as stamped, and Kafka's idempotence answers it with
// the offsets it was written at.
describe.each(['AtLeastOnce', 'ExactlyOnce'] as const)('%s: produce answers lost after the target wrote the records', (delivery) => {
  it('are sent again under the same producer id and sequences: nothing doubled, nothing lost (kcat)', async () => {
    const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
    const topic = uniqueTopic(`lost-answers-${delivery.toLowerCase()}`);
    await Promise.all([createTopicWithTool(source, topic, 4), createTopicWithTool(target, topic, 4)]);
    await produceRecords(source, topic, Array.from({ length: 2_000 }, (_, i) => ({ partition: i % 4, key: `k${i}`, value: `v${i}`, timestamp: Date.now() - 60_000 + i })));
    const link = new LostAnswersLink(accessOf(target), 'test-lost-answers');
    // The first answer and that of the first resend: the second resend finds the batches written.
    link.topic = topic;
    link.toLose = 2;
    const running = startReplicator(source, target, aReplicationConfig([topic], { delivery }), { target: link });
    try {
      await untilCaughtUp(running.replicator);
    } finally {
      await running.stop();
    }
    expect(link.lost).toBe(2);
    expect(await compareTopics(source, topic, target)).toEqual({ sourceRecords: 2_000, targetRecords: 2_000, lost: 0, duplicated: 0, mismatchedPartitions: [] });
  });
});
