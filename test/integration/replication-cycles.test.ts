import { setTimeout as sleep } from 'node:timers/promises';
import { sourceKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { kcatReadAll } from '../helpers/kafka/kcat.ts';
import { produceRecords } from '../helpers/kafka/produce.ts';
import { aReplicationConfig, startReplicator, untilCaughtUp } from '../helpers/replication/run-replicator.ts';

const values = async (...args: Parameters<typeof kcatReadAll>) => (await kcatReadAll(...args)).map((r) => r.payload).sort();

it('two jobs mirroring opposite ways under identity naming do not loop: each record lands once on each side', async () => {
  const [a, b] = await Promise.all([sourceKafka(), targetKafka()]);
  const topic = uniqueTopic('active-active');
  await Promise.all([createTopicWithTool(a, topic, 2), createTopicWithTool(b, topic, 2)]);
  await produceRecords(a, topic, Array.from({ length: 100 }, (_, i) => ({ partition: i % 2, key: null, value: `from-a-${i}` })));
  await produceRecords(b, topic, Array.from({ length: 100 }, (_, i) => ({ partition: i % 2, key: null, value: `from-b-${i}` })));
  const aToB = startReplicator(a, b, aReplicationConfig([topic]));
  const bToA = startReplicator(b, a, aReplicationConfig([topic]));
  try {
    await Promise.all([untilCaughtUp(aToB.replicator), untilCaughtUp(bToA.replicator)]);
    // Give an echo every chance to appear: several more rounds on both sides.
    await sleep(5_000);
    await Promise.all([untilCaughtUp(aToB.replicator), untilCaughtUp(bToA.replicator)]);
  } finally {
    await Promise.all([aToB.stop(), bToA.stop()]);
  }
  const expected = [...Array.from({ length: 100 }, (_, i) => `from-a-${i}`), ...Array.from({ length: 100 }, (_, i) => `from-b-${i}`)].sort();
  expect(await values(a, topic)).toEqual(expected);
  expect(await values(b, topic)).toEqual(expected);
});
