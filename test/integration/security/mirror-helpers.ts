import { uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { compareTopics, type TopicComparison } from '../../helpers/kafka/compare-topics.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../../helpers/kafka/kafka-tools.ts';
import { kcatProduce } from '../../helpers/kafka/kcat.ts';
import { waitFor } from '../../helpers/processes.ts';

/**
 * A topic with `count` keyed records on the source, and the same empty topic on the target. Created with
 * Kafka's own tools and written with kcat, so the test clusters' TLS and SCRAM set-up is proven by
 * clients that share no code with the project.
 */
export async function seededTopic(source: KafkaCluster, target: KafkaCluster, prefix: string, count = 300): Promise<string> {
  const topic = uniqueTopic(prefix);
  await Promise.all([createTopicWithTool(source, topic, 3), createTopicWithTool(target, topic, 3)]);
  await kcatProduce(source, topic, Array.from({ length: count }, (_, i) => `k${i % 17}\tvalue-${i}`), { keyed: true });
  return topic;
}

/** The judge's verdict once the target holds every source record (or after `timeoutMs`, whatever it is then). */
export async function settledComparison(source: KafkaCluster, target: KafkaCluster, topic: string, timeoutMs = 60_000): Promise<TopicComparison> {
  let last: TopicComparison | undefined;
  await waitFor(
    `${topic} to be mirrored`,
    async () => {
      last = await compareTopics(source, topic, target);
      return last.lost === 0 ? true : undefined;
    },
    { timeoutMs, intervalMs: 1_000 },
  ).catch(() => undefined);
  return last ?? (await compareTopics(source, topic, target));
}

export const exactCopy = (records: number): TopicComparison => ({ sourceRecords: records, targetRecords: records, lost: 0, duplicated: 0, mismatchedPartitions: [] });
