import { setTimeout as sleep } from 'node:timers/promises';
import { jobTopics } from '../../src/replication/checkpoints/internal-topics.ts';
import { EARLY_COMMIT_RECORDS } from '../../src/replication/open-interval.ts';
import { checkpointKey, decodeOffsetMapRecord } from '../../src/replication/checkpoints/progress-records.ts';
import { sourceKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareRecords, recordsByPartition } from '../helpers/kafka/compare-topics.ts';
import { startContinuousProducer, stopContinuousProducers } from '../helpers/kafka/continuous-producer.ts';
import { endOffsets } from '../helpers/kafka/end-offsets.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { kcatEndOffsets, kcatProduce, kcatReadAll } from '../helpers/kafka/kcat.ts';
import { waitFor } from '../helpers/processes.ts';
import { aReplicationConfig, startReplicator, untilCaughtUp } from '../helpers/replication/run-replicator.ts';

// A trickle over many partitions is where a write per round costs most: every partition gets a little
// data in most rounds. The commit interval must hold each partition to one write per interval.
const INTERVAL_MS = 2_000;
const PARTITIONS = 40;
const TRICKLE_MS = 20_000;

afterEach(stopContinuousProducers);

/** Partitions whose count passes `limit`, with their counts: empty when all are within it. */
const over = (counts: Map<number, number>, limit: number): Record<number, number> => Object.fromEntries([...counts].filter(([, n]) => n > limit));
const partitions = Array.from({ length: PARTITIONS }, (_, p) => p);

describe.each(['ExactlyOnce', 'AtLeastOnce'] as const)('%s with a commit interval', (delivery) => {
  it('writes each partition at most once per interval', async () => {
    const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
    const topic = uniqueTopic('interval');
    await Promise.all([createTopicWithTool(source, topic, PARTITIONS), createTopicWithTool(target, topic, PARTITIONS)]);
    const config = aReplicationConfig([topic], { delivery, commitIntervalMs: INTERVAL_MS });

    const started = Date.now();
    const running = startReplicator(source, target, config);
    let ranMs: number;
    try {
      // Three records per send, round-robin: each partition gets a record about every 330 ms, so a
      // write per fetch (the code before the interval) shows as several writes per interval.
      const producer = startContinuousProducer(source, topic, PARTITIONS, { perSecond: 120, batch: 3 });
      await sleep(TRICKLE_MS);
      await producer.stop();
      await untilCaughtUp(running.replicator);
    } finally {
      await running.stop();
      ranMs = Date.now() - started;
    }
    // One write per interval the replicator ran, plus a partial interval at each end.
    const limit = Math.ceil(ranMs / INTERVAL_MS) + 2;

    const own = jobTopics(config.jobId);
    const [src, dst, checkpoints, offsetMap] = await Promise.all([
      kcatReadAll(source, topic),
      kcatReadAll(target, topic),
      kcatReadAll(target, own.checkpoints),
      kcatReadAll(target, own.offsetMap),
    ]);
    expect(compareRecords(src, dst)).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [] });

    // Compaction of the checkpoints could only lower these counts.
    const checkpointsOf = new Map(partitions.map((p) => [p, checkpoints.filter((r) => r.key === checkpointKey({ topic, partition: p })).length]));
    const offsetMapOf = new Map(partitions.map((p) => [p, 0]));
    for (const r of offsetMap) for (const range of decodeOffsetMapRecord(Buffer.from(r.payload ?? '[]'))) if (range.topic === topic) offsetMapOf.set(range.partition, offsetMapOf.get(range.partition)! + 1);
    // ExactlyOnce: each commit leaves one marker per partition it touched, the offsets the log used beyond
    // the records read. AtLeastOnce writes no markers.
    const ends = delivery === 'ExactlyOnce' ? await endOffsets(target, topic) : new Map<number, number>();
    const read = recordsByPartition(dst);
    const markersOf = new Map(partitions.map((p) => [p, (ends.get(p) ?? 0) - (read.get(p)?.length ?? 0)]));
    expect({ ranMs, limit, checkpointsOver: over(checkpointsOf, limit), offsetMapOver: over(offsetMapOf, limit), markersOver: over(markersOf, limit) }).toEqual({
      ranMs, limit, checkpointsOver: {}, offsetMapOver: {}, markersOver: {},
    });
    // Not vacuous: every partition made progress, recorded it and (ExactlyOnce) committed it.
    expect(partitions.filter((p) => checkpointsOf.get(p)! < 1 || (delivery === 'ExactlyOnce' && markersOf.get(p)! < 1))).toEqual([]);
  }, 180_000);
});

describe('ExactlyOnce with a long commit interval', () => {
  // The longest interval the spec allows: without the early commit, nothing the worker copies becomes
  // visible to a read_committed reader for 30 s after its interval opened, which is after the worker started.
  const LONG_INTERVAL_MS = 30_000;

  it('commits once it has caught up with a bulk of records per partition, without waiting for the interval', async () => {
    const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
    const topic = uniqueTopic('early-commit');
    await Promise.all([createTopicWithTool(source, topic, 2), createTopicWithTool(target, topic, 2)]);
    const perPartition = EARLY_COMMIT_RECORDS * 3;
    await Promise.all([0, 1].map((p) => kcatProduce(source, topic, Array.from({ length: perPartition }, (_, i) => `p${p}-${i}`), { partition: p })));

    const running = startReplicator(source, target, aReplicationConfig([topic], { delivery: 'ExactlyOnce', commitIntervalMs: LONG_INTERVAL_MS }));
    try {
      // The last stable offset passes the records once their transaction committed (plus its marker).
      // The wait ends 5 s before the interval could: only the early commit can make them visible by then.
      await waitFor('the copy to be committed', async () => {
        const lso = await kcatEndOffsets(target, topic, [0, 1], 'read_committed');
        return [0, 1].every((p) => (lso.get(p) ?? 0) > perPartition) ? true : undefined;
      }, { timeoutMs: LONG_INTERVAL_MS - 5_000 });
    } finally {
      await running.stop();
    }
    const [src, dst] = await Promise.all([kcatReadAll(source, topic), kcatReadAll(target, topic)]);
    expect(compareRecords(src, dst)).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [] });
    expect(dst).toHaveLength(2 * perPartition);
  }, 90_000);
});
