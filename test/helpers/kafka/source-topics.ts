import { PlatformaticAdmin } from '../../../src/kafka/platformatic-admin.adapter.ts';
import { accessOf } from './access.ts';
import type { KafkaCluster } from './kafka-cluster.ts';
import { createTopicWithTool } from './kafka-tools.ts';
import { kcatReadAll } from './kcat.ts';
import { produceRecords } from './produce.ts';

/**
 * Source topics whose offsets are not consecutive, the cases exact offset translation must get right.
 * Every value is unique within its topic, so a test can tell each record from every other.
 */

/**
 * Writes a compacted topic (2 partitions) and waits until the cleaner has left offset gaps in it; then
 * stops the cleaner (min.compaction.lag.ms of a day), so the gaps stay as they are while a test runs:
 * the source loses nothing more, and a copy that takes the topic's configs is not compacted either.
 */
export async function compactedTopicWithGaps(source: KafkaCluster, topic: string): Promise<void> {
  await createTopicWithTool(source, topic, 2, { 'cleanup.policy': 'compact', 'segment.ms': '100', 'min.cleanable.dirty.ratio': '0.001', 'min.compaction.lag.ms': '0', 'delete.retention.ms': '100' });
  const rounds = Array.from({ length: 5 }, (_, round) => Array.from({ length: 200 }, (_, i) => ({ partition: i % 2, key: `k${i % 20}`, value: `round-${round}-${i}` })));
  for (const records of rounds) {
    await produceRecords(source, topic, records);
    await new Promise((r) => setTimeout(r, 300));
  }
  const deadline = Date.now() + 60_000;
  for (let roll = 0; ; roll++) {
    const records = await kcatReadAll(source, topic);
    if (records.length < 1000) return freezeCompaction(source, topic); // superseded records removed: offsets now have gaps
    if (Date.now() > deadline) throw new Error('the log cleaner did not compact the test topic within 60 s');
    // New segments let the cleaner take the old ones.
    await produceRecords(source, topic, [0, 1].map((partition) => ({ partition, key: 'roll', value: `roll-${partition}-${roll}` })));
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Six transactions of 50 records over 3 partitions; the 2nd and 5th are aborted. */
export async function transactionalTopic(source: KafkaCluster, topic: string): Promise<void> {
  await createTopicWithTool(source, topic, 3);
  for (let t = 0; t < 6; t++) {
    const records = Array.from({ length: 50 }, (_, i) => ({ partition: i % 3, key: `t${t}-${i}`, value: `txn-${t}-${i}` }));
    await produceRecords(source, topic, records, { transactional: t % 3 === 1 ? 'abort' : 'commit' });
  }
}

async function freezeCompaction(cluster: KafkaCluster, topic: string): Promise<void> {
  const admin = new PlatformaticAdmin({ ...accessOf(cluster), clientId: 'test-freeze-compaction' });
  try {
    await admin.incrementalAlterConfigs(topic, [{ name: 'min.compaction.lag.ms', op: 'set', value: String(24 * 3600 * 1000) }]);
  } finally {
    await admin.close();
  }
}
