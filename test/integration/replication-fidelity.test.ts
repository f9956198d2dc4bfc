import { legacyKafka, sourceKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareTopics } from '../helpers/kafka/compare-topics.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { produceRecords } from '../helpers/kafka/produce.ts';
import { recordMix } from '../helpers/kafka/record-mix.ts';
import { compactedTopicWithGaps, transactionalTopic } from '../helpers/kafka/source-topics.ts';
import { aReplicationConfig, startReplicator, untilCaughtUp } from '../helpers/replication/run-replicator.ts';

const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

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
      await produceRecords(source, legacyFormat, recordMix(500, 2, 'm1').map((r) => ({ ...r, headers: [] })), { compression: 'gzip', idempotent: false });
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
