import { legacyKafka, sourceKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareTopics } from '../helpers/kafka/compare-topics.ts';
import type { KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { kcatReadAll } from '../helpers/kafka/kcat.ts';
import { produceRecords } from '../helpers/kafka/produce.ts';
import { recordMix } from '../helpers/kafka/record-mix.ts';
import { aReplicationConfig, startReplicator, untilCaughtUp } from '../helpers/replication/run-replicator.ts';

const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

/** Writes a compacted topic and waits until the cleaner has left offset gaps in it. */
async function compactedTopicWithGaps(source: KafkaCluster, topic: string): Promise<void> {
  await createTopicWithTool(source, topic, 2, { 'cleanup.policy': 'compact', 'segment.ms': '100', 'min.cleanable.dirty.ratio': '0.001', 'min.compaction.lag.ms': '0', 'delete.retention.ms': '100' });
  const rounds = Array.from({ length: 5 }, (_, round) => Array.from({ length: 200 }, (_, i) => ({ partition: i % 2, key: `k${i % 20}`, value: `round-${round}-${i}` })));
  for (const records of rounds) {
    await produceRecords(source, topic, records);
    await new Promise((r) => setTimeout(r, 300));
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const records = await kcatReadAll(source, topic);
    if (records.length < 1000) return; // the cleaner removed superseded records: offsets now have gaps
    if (Date.now() > deadline) throw new Error('the log cleaner did not compact the test topic within 60 s');
    await produceRecords(source, topic, [{ partition: 0, key: 'roll', value: String(Date.now()) }, { partition: 1, key: 'roll', value: String(Date.now()) }]);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function transactionalTopic(source: KafkaCluster, topic: string): Promise<void> {
  await createTopicWithTool(source, topic, 3);
  for (let t = 0; t < 6; t++) {
    const records = Array.from({ length: 50 }, (_, i) => ({ partition: i % 3, key: `t${t}-${i}`, value: `txn-${t}-${i}` }));
    await produceRecords(source, topic, records, { transactional: t % 3 === 1 ? 'abort' : 'commit' });
  }
}

describe.each([
  ['Kafka 3.9 with SASL', sourceKafka],
  ['Kafka 2.6 with ZooKeeper', legacyKafka],
])('mirroring from %s', (_name, sourceCluster) => {
  it('keeps every record of every kind: codecs, null keys, tombstones, headers, timestamps, compaction gaps, aborted transactions', async () => {
    const [source, target] = await Promise.all([sourceCluster(), targetKafka()]);
    const plain = uniqueTopic('fidelity-plain');
    const compacted = uniqueTopic('fidelity-compacted');
    const txn = uniqueTopic('fidelity-txn');
    const logAppend = uniqueTopic('fidelity-logappend');
    await createTopicWithTool(source, plain, 12);
    await createTopicWithTool(source, logAppend, 1, { 'message.timestamp.type': 'LogAppendTime' });
    const all = recordMix(100_000, 12);
    const chunk = all.length / CODECS.length;
    for (const [i, codec] of CODECS.entries()) await produceRecords(source, plain, all.slice(i * chunk, (i + 1) * chunk), { compression: codec });
    await produceRecords(source, logAppend, recordMix(100, 1, 'la'));
    await compactedTopicWithGaps(source, compacted);
    await transactionalTopic(source, txn);
    const topics: Array<[string, number]> = [[plain, 12], [compacted, 2], [txn, 3], [logAppend, 1]];
    if (source.version.startsWith('2.')) {
      // Kafka 2.6 still writes the old message formats (magic 0 and 1) for topics that ask for them.
      const legacyFormat = uniqueTopic('fidelity-magic1');
      await createTopicWithTool(source, legacyFormat, 2, { 'message.format.version': '0.10.2' });
      await produceRecords(source, legacyFormat, recordMix(500, 2, 'm1').map((r) => ({ ...r, headers: [] })), { compression: 'gzip' });
      topics.push([legacyFormat, 2]);
    }
    for (const [t, n] of topics) await createTopicWithTool(target, t, n);

    const running = startReplicator(source, target, aReplicationConfig(topics.map(([t]) => t)));
    try {
      await untilCaughtUp(running.replicator, 180_000);
    } finally {
      await running.stop();
    }
    for (const [t] of topics) {
      const result = await compareTopics(source, t, target);
      expect({ topic: t, ...result, sourceRecords: result.sourceRecords > 0 }).toEqual({ topic: t, sourceRecords: true, targetRecords: result.sourceRecords, lost: 0, duplicated: 0, mismatchedPartitions: [] });
    }
    const totals = running.replicator.totals;
    expect(totals.forwardedBatches).toBeGreaterThan(0); // the fast path ran
    expect(totals.reencodedBatches).toBeGreaterThan(0); // and the slow one (gaps, LogAppendTime, legacy formats)
  }, 600_000);
});
