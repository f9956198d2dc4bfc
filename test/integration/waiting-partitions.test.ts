/**
 * A partition waiting for its target (the topic not created yet, or its log not made yet) is not
 * fetched. Its lag must still count the records that wait, as Kafka's own tools count them, and it
 * must copy all of them once the target can take them.
 */
import { recordsBehind } from '../../src/replication/partition-state.ts';
import { sourceKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareTopics } from '../helpers/kafka/compare-topics.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { kcatEndOffsets, kcatProduce } from '../helpers/kafka/kcat.ts';
import { waitFor } from '../helpers/processes.ts';
import { aReplicationConfig, startReplicator, untilCaughtUp } from '../helpers/replication/run-replicator.ts';

it('counts the records of partitions waiting for their target in the lag, then copies them once the target has the topic', async () => {
  const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
  const topic = uniqueTopic('waiting');
  await createTopicWithTool(source, topic, 3);
  for (const [partition, n] of [[0, 5], [1, 7], [2, 9]] as const) await kcatProduce(source, topic, Array.from({ length: n }, (_, i) => `r${partition}-${i}`), { partition });
  const bySource = await kcatEndOffsets(source, topic, [0, 1, 2], 'read_committed');
  expect([...bySource.values()].reduce((a, b) => a + b, 0)).toBe(21);

  // Nobody creates the target topic here (no sync runs): every partition waits.
  const running = startReplicator(source, target, aReplicationConfig([topic], { metadataRefreshMs: 500 }));
  try {
    const r = running.replicator;
    const lag = await waitFor('the lag of the waiting partitions', async () => {
      const parts = [...r.partitions.values()];
      const behind = new Map(parts.map((p) => [p.source.partition, recordsBehind(p)]));
      return parts.length === 3 && parts.every((p) => p.waitingForTarget) && [...behind.values()].every((n) => n > 0) ? behind : undefined;
    }, { timeoutMs: 30_000 });
    expect(lag).toEqual(bySource);
    expect(r.totals.records).toBe(0);

    await createTopicWithTool(target, topic, 3);
    await untilCaughtUp(r);
    expect([...r.partitions.values()].map((p) => [p.waitingForTarget, recordsBehind(p)])).toEqual([[false, 0], [false, 0], [false, 0]]);
  } finally {
    await running.stop();
  }
  expect(await compareTopics(source, topic, target)).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [] });
}, 120_000);
