import { setTimeout as sleep } from 'node:timers/promises';
import { ClusterLink } from '../../src/kafka/cluster-link.ts';
import { jobTopics } from '../../src/replication/checkpoints/internal-topics.ts';
import { OffsetMapReader } from '../../src/replication/offset-map/offset-map.reader.ts';
import { EARLY_COMMIT_RECORDS } from '../../src/replication/open-interval.ts';
import { accessOf } from '../helpers/kafka/access.ts';
import { sourceKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { createTopicWithTool, deleteRecordsWithTool, deleteTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { kcatProduce, kcatReadAll } from '../helpers/kafka/kcat.ts';
import { waitFor } from '../helpers/processes.ts';
import { aReplicationConfig, startReplicator, untilCaughtUp } from '../helpers/replication/run-replicator.ts';

const records = (from: number, count: number) => Array.from({ length: count }, (_, i) => `record-${from + i}`);

// Retention can delete records the job has not reached while a commit interval is open (a copy from
// Earliest racing the source's oldest segments). The gap is lost on the source too: the job must count
// exactly the records it skipped, copy on after the gap, and record the skip like any copy.
it('ExactlyOnce: records deleted on the source mid-interval are counted once, skipped, and a group inside the gap translates', async () => {
  const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
  const topic = uniqueTopic('retention-gap');
  await Promise.all([createTopicWithTool(source, topic, 1), createTopicWithTool(target, topic, 1)]);
  // Half the early-commit bar: the interval stays open after the first copy, though the worker caught up.
  const FIRST = EARLY_COMMIT_RECORDS / 2;
  await kcatProduce(source, topic, records(0, FIRST), { partition: 0 });

  // The rate limit pauses the replicator for ~20 s after its first copy (FIRST records, about 0.8 KB),
  // inside an interval that stays open for 25 s: the deletion happens while the interval holds the copy.
  const config = aReplicationConfig([topic], { commitIntervalMs: 25_000, maxBytesPerSecond: 40 });
  const running = startReplicator(source, target, config);
  try {
    await waitFor('the first fetch', async () => (running.replicator.partitions.get(`${topic}:0`)?.endOffset === FIRST ? true : undefined), { timeoutMs: 60_000, intervalMs: 100 });
    expect(running.replicator.partitions.get(`${topic}:0`)?.position).toBe(0);
    // The fetch the replicator started ahead (a 500 ms long poll) has come back empty by now.
    await sleep(2_000);
    await kcatProduce(source, topic, records(FIRST, FIRST), { partition: 0 });
    await deleteRecordsWithTool(source, topic, 0, FIRST + 25);
    await untilCaughtUp(running.replicator, 120_000);
  } finally {
    await running.stop();
  }

  expect(running.replicator.totals.recordsLostToRetention).toBe(25);
  const copied = await kcatReadAll(target, topic);
  expect(copied.map((r) => r.payload)).toEqual([...records(0, FIRST), ...records(FIRST + 25, 25)]);

  // A group committed inside the gap resumes at the first record after it: record-75, at target offset 50.
  const link = new ClusterLink(accessOf(target), 'test-retention-gap-reader');
  try {
    const map = new OffsetMapReader(link, jobTopics(config.jobId));
    await map.refresh();
    expect([FIRST + 10, FIRST + 25, FIRST + 35].map((offset) => map.translate(topic, 0, offset))).toEqual([
      { ok: true, target: FIRST },
      { ok: true, target: FIRST },
      { ok: true, target: FIRST + 10 },
    ]);
  } finally {
    await link.close();
  }
}, 180_000);

// A source topic deleted and created again under its name starts its offsets over: the job's position
// is past the new log's end. Copying on would give the new records target offsets already used.
it('a source partition that went back (the topic recreated) stops with the reason, and nothing is copied twice', async () => {
  const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
  const topic = uniqueTopic('recreated');
  await Promise.all([createTopicWithTool(source, topic, 1), createTopicWithTool(target, topic, 1)]);
  await kcatProduce(source, topic, records(0, 100), { partition: 0 });
  const config = aReplicationConfig([topic], { commitIntervalMs: 1_000 });
  const first = startReplicator(source, target, config);
  try {
    await untilCaughtUp(first.replicator);
  } finally {
    await first.stop();
  }

  await deleteTopicWithTool(source, topic);
  await createTopicWithTool(source, topic, 1);
  await kcatProduce(source, topic, records(1_000, 10), { partition: 0 });
  const second = startReplicator(source, target, config);
  let stopped;
  try {
    stopped = await waitFor('the partition to stop', async () => second.replicator.partitions.get(`${topic}:0`)?.stopped, { timeoutMs: 60_000, intervalMs: 250 });
  } finally {
    await second.stop();
  }
  expect(stopped).toMatchObject({ offset: 100, error: 'OFFSET_OUT_OF_RANGE', message: expect.stringContaining('ends at offset 10, before the job\'s position 100') });
  expect((await kcatReadAll(target, topic)).map((r) => r.payload)).toEqual(records(0, 100));
}, 180_000);

// The job's offset map keeps days, not the job's life: after its retention deleted the oldest records,
// a restarted worker 0 reads it from its log start (Kafka answers the read from 0 with
// OFFSET_OUT_OF_RANGE and no log start), and offsets only the deleted records covered say so.
it('an offset map whose oldest records retention deleted is read from its log start', async () => {
  const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
  const topic = uniqueTopic('map-retention');
  await Promise.all([createTopicWithTool(source, topic, 1), createTopicWithTool(target, topic, 1)]);
  const config = aReplicationConfig([topic], { commitIntervalMs: 1_000 });
  const running = startReplicator(source, target, config);
  try {
    // Two commits, so two offset-map records: records 0-99, then 100-199.
    for (const from of [0, 100]) {
      await kcatProduce(source, topic, records(from, 100), { partition: 0 });
      await waitFor('the copy to commit', async () => (running.replicator.partitions.get(`${topic}:0`)?.position === from + 100 ? true : undefined), { timeoutMs: 60_000, intervalMs: 200 });
    }
  } finally {
    await running.stop();
  }
  const offsetMap = jobTopics(config.jobId).offsetMap;
  const mapRecords = await kcatReadAll(target, offsetMap);
  expect(mapRecords).toHaveLength(2);
  await deleteRecordsWithTool(target, offsetMap, 0, mapRecords[1]!.offset);

  const link = new ClusterLink(accessOf(target), 'test-map-retention-reader');
  try {
    const map = new OffsetMapReader(link, jobTopics(config.jobId));
    expect(await map.refresh()).toEqual({ records: 1, position: mapRecords[1]!.offset + 2 });
    // The second transaction's copies sit after the first's 100 records and its commit marker.
    expect([50, 150, 200].map((offset) => map.translate(topic, 0, offset))).toEqual([
      { ok: false, reason: 'BeforeMirroredRange' },
      { ok: true, target: 151 },
      { ok: true, target: 201 },
    ]);
  } finally {
    await link.close();
  }
}, 120_000);
