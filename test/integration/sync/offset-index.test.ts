import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ClusterLink } from '../../../src/kafka/cluster-link.ts';
import { encodeBatch } from '../../../src/kafka/index.ts';
import { jobIdOf } from '../../../src/job/job-identity.ts';
import { WORKER_MALLOC_ARENA_MAX, workerNodeOptions } from '../../../src/worker/worker-contract.ts';
import { silentLogger } from '../../../src/runtime/logger.ts';
import { ensureJobTopics } from '../../../src/replication/checkpoints/ensure-topics.ts';
import { jobTopics, offsetMapTopicConfigs } from '../../../src/replication/checkpoints/internal-topics.ts';
import { encodeOffsetMapRecord, type CopiedRange } from '../../../src/replication/checkpoints/progress-records.ts';
import { OffsetIndexer } from '../../../src/replication/offset-map/offset-indexer.ts';
import { OffsetMapReader, type CommittedAt } from '../../../src/replication/offset-map/offset-map.reader.ts';
import { TargetWriter } from '../../../src/replication/sink/target.writer.ts';
import { accessOf } from '../../helpers/kafka/access.ts';
import { legacyKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { committedOffsets, resetGroupOffsets } from '../../helpers/kafka/committed-offsets.ts';
import { consumeAsGroup } from '../../helpers/kafka/console-consumer.ts';
import { createTopicWithTool } from '../../helpers/kafka/kafka-tools.ts';
import { kcatReadAll } from '../../helpers/kafka/kcat.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { aReplicationConfig, startReplicator, untilCaughtUp } from '../../helpers/replication/run-replicator.ts';
import { aSyncJob, startSync } from '../../helpers/sync/sync-job.ts';

const run = promisify(execFile);

/**
 * The offset index (decision 0003) with a compressed clock: seals every pass instead of every 15
 * minutes, merging every 2 segments instead of 16, so a test's few passes build the levels weeks of
 * sealing build. What a restarted worker 0 reads, and whether an old group resumes exactly, is judged
 * by Kafka's own tools.
 */
describe('the offset index: exact group offsets at any age, and a restart that reads minutes, not the history', () => {
  it('a group committed on day 1 of 8 sealed days resumes exactly on the target after a restart that reads no history (2.6 source)', async () => {
    const [source, target] = await Promise.all([legacyKafka(), targetKafka()]);
    const topic = uniqueTopic('old-group');
    await Promise.all([createTopicWithTool(source, topic, 2), createTopicWithTool(target, topic, 2)]);
    const job = aSyncJob(topic, source, target, [topic]);
    const running = startReplicator(source, target, aReplicationConfig([topic], { jobId: jobIdOf(job), commitIntervalMs: 200 }));
    const first = startSync(job, source, target, { offsetIndex: { sealIntervalMs: 0, fanIn: 2 } });
    try {
      // Each day: a committed transaction, an aborted one, a committed one (5 records a partition each):
      // every copied run ends at a gap, so each day adds runs, and the pass seals them.
      for (let day = 0; day < 8; day++) {
        for (const [name, outcome] of [['a', 'commit'], ['b', 'abort'], ['c', 'commit']] as const) {
          const records = Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, key: `d${day}-${name}-${i}`, value: `day-${day}-${name}-${i}` }));
          await produceRecords(source, topic, records, { transactional: outcome });
        }
        await untilCaughtUp(running.replicator, 60_000);
        await first.sync.runOnce();
      }
    } finally {
      await running.stop();
      await first.close();
    }

    // Day 0 of each partition: a 0-4, marker 5, aborted 6-10, marker 11, c 12-16: 14 is the 3rd record of c.
    const committedAt = 14;
    await resetGroupOffsets(source, `${topic}-weekly`, topic, committedAt);

    const restarted = startSync(job, source, target);
    try {
      const refresh = await restarted.sync.offsetMap.refresh();
      const map = [...restarted.sync.offsetMap.partitions()].find((p) => p.partition.partition === 0)!.map;
      // Everything was sealed: the restart read the directory and no offset-map record, and the group's
      // offset lies inside one segment of 8 days' runs (level 3), whose runs the pass must read.
      expect({ records: refresh.records, hotRuns: map.runCount, levels: map.segments.map((s) => s.level), needs: map.segmentFor(committedAt)?.level }).toEqual({ records: 0, hotRuns: 0, levels: [3], needs: 3 });
      await restarted.sync.runOnce();
    } finally {
      await restarted.close();
    }

    // Kafka's own tools: the target offset is the copy of source record 14 on each partition, and the
    // group reads on the target exactly the committed records from there on.
    const [onSource, onTarget] = await Promise.all([kcatReadAll(source, topic), kcatReadAll(target, topic)]);
    const targetOffsetOf = new Map(onTarget.map((r) => [r.payload, r.offset]));
    const expected = new Map([0, 1].map((p) => [p, targetOffsetOf.get(onSource.find((r) => r.partition === p && r.offset === committedAt)!.payload)!]));
    expect(await committedOffsets(target, `${topic}-weekly`, topic)).toEqual(expected);
    const rest = onSource.filter((r) => r.offset >= committedAt).map((r) => r.payload!).sort();
    const read = await consumeAsGroup(target, topic, `${topic}-weekly`, { maxMessages: rest.length, idleMs: 30_000 });
    expect(read.sort()).toEqual(rest);
  }, 300_000);

  it('30 days of commits every 5 s over 4 busy and 2,000 quiet partitions: a restarted worker 0 reads the directory and translates day 1 exactly', async () => {
    const target = await targetKafka();
    const jobId = `test-30-days-${Math.random().toString(36).slice(2, 8)}`;
    const topics = jobTopics(jobId);
    const link = new ClusterLink(accessOf(target), 'test-30-days');
    const writer = new TargetWriter(link, null);
    try {
      await ensureJobTopics(link, [[topics.offsetMap, offsetMapTopicConfigs]]);
      await writer.init();
      const reader = new OffsetMapReader(link, topics);
      // The busy partitions' log starts moved past day 7 on one of them: its older segments go.
      const indexer = new OffsetIndexer(reader, silentLogger, { logStarts: async () => new Map([['busy:3', 7 * DAY]]) });
      const HOURS = 30 * 24;
      for (let hour = 0; hour < HOURS; hour++) {
        // One offset-map record per hour and partition set: 720 commits (every 5 s) of one record each on
        // the busy partitions, each followed by its commit marker; a quiet partition copies a record a day.
        const ranges: CopiedRange[] = [];
        for (let p = 0; p < 4; p++) for (let k = hour * 720; k < (hour + 1) * 720; k++) ranges.push(busyRange(p, k));
        if (hour % 24 === 23) for (let p = 0; p < 2_000; p++) ranges.push(quietRange(p, Math.floor(hour / 24)));
        // Sealed hourly here (every 15 minutes in a job): the same levels, a quarter of the passes.
        await recordAndSeal(writer, topics.offsetMap, ranges, reader, indexer);
      }
    } finally {
      await link.close();
    }

    // A group of each kind last committed on day 1, and one near the head; read by a process started
    // as the worker is (its NODE_OPTIONS and MALLOC_ARENA_MAX), so its memory is a worker 0's after a restart.
    const committed: CommittedAt[] = [
      ...[0, 1, 2, 3].map((p) => ({ topic: 'busy', partition: p, offset: DAY + 7 })),
      { topic: 'busy', partition: 0, offset: 30 * DAY - 3 },
      ...Array.from({ length: 2_000 }, (_, p) => ({ topic: 'quiet', partition: p, offset: 15 })),
    ];
    const { stdout } = await run(process.execPath, ['--expose-gc', ...workerNodeOptions().split(' '), 'test/helpers/replication/offset-map-restart.ts'], { env: { ...process.env, MALLOC_ARENA_MAX: WORKER_MALLOC_ARENA_MAX, OFFSET_MAP_RESTART: JSON.stringify({ access: accessOf(target), jobId, committed }) }, maxBuffer: 1 << 26 });
    const restart = JSON.parse(stdout.trim().split('\n').at(-1)!) as { refresh: { records: number }; ms: number; peakRssMiB: number; rssMiB: number; heapUsedMiB: number; externalMiB: number; hotRuns: number; segments: number; partitions: number; translations: unknown[] };
    console.log(`30-day restart: ${restart.ms} ms, peak RSS ${restart.peakRssMiB} MiB, after GC: RSS ${restart.rssMiB} MiB, heap ${restart.heapUsedMiB} MiB, external ${restart.externalMiB} MiB, ${restart.segments} segments over ${restart.partitions} partitions, ${restart.refresh.records} offset-map records read`);
    // Commit k of a busy partition copied source offset k to target 2k (its marker at 2k + 1): offset c
    // resumes one past the copy of c - 1. A quiet partition's day d copied source 10d to target d.
    expect(restart.translations).toEqual([
      ...[0, 1, 2].map(() => ({ ok: true, target: 2 * (DAY + 7) - 1 })),
      { ok: false, reason: 'BeforeMirroredRange' },
      { ok: true, target: 2 * (30 * DAY - 3) - 1 },
      ...Array.from({ length: 2_000 }, () => ({ ok: true, target: 2 })),
    ]);
    // Bounded by the logarithm of the age, not by it: 720 hourly seals became at most 15 segments a level.
    expect({ records: restart.refresh.records, hotRuns: restart.hotRuns, partitions: restart.partitions }).toEqual({ records: 0, hotRuns: 0, partitions: 2_004 });
    expect(restart.segments).toBeLessThanOrEqual(4 * 3 * 15 + 2_000 * 2 * 15);
    expect(restart.rssMiB).toBeLessThan(200);
  }, 600_000);

  it('a source topic kept for ever: what aged out of the translation horizon leaves the index and a group that old is named; a younger one translates exactly', async () => {
    const target = await targetKafka();
    const jobId = `test-horizon-${Math.random().toString(36).slice(2, 8)}`;
    const topics = jobTopics(jobId);
    const link = new ClusterLink(accessOf(target), 'test-horizon');
    const writer = new TargetWriter(link, null);
    let now = 0;
    try {
      await ensureJobTopics(link, [[topics.offsetMap, offsetMapTopicConfigs]]);
      await writer.init();
      const reader = new OffsetMapReader(link, topics);
      // A compacted (or never deleted) source topic keeps its log start at 0: only the horizon prunes.
      const indexer = new OffsetIndexer(reader, silentLogger, { fanIn: 2, horizonMs: 10 * DAY_MS, now: () => now, logStarts: async () => new Map([['kept:0', 0]]) });
      for (let day = 0; day < 48; day++) {
        now = day * DAY_MS;
        // A day: 24 commits of one record each, each followed by its commit marker; sealed once a day.
        const ranges = Array.from({ length: 24 }, (_, h) => ({ ...busyRange(0, day * 24 + h), topic: 'kept' }));
        await recordAndSeal(writer, topics.offsetMap, ranges, reader, indexer);
      }
    } finally {
      await link.close();
    }

    // 48 daily seals merged two by two into segments of 16 days: days 0-15 (sealed on day 15) aged out
    // on day 26 with a 10-day horizon, days 16-31 on day 42, days 32-47 stay.
    const restartLink = new ClusterLink(accessOf(target), 'test-horizon-restart');
    try {
      const restarted = new OffsetMapReader(restartLink, topics);
      const refresh = await restarted.refresh();
      const committed: CommittedAt[] = [20 * 24, 32 * 24 - 1, 32 * 24, 40 * 24 + 5].map((offset) => ({ topic: 'kept', partition: 0, offset }));
      await restarted.prepare(committed);
      expect({ records: refresh.records, translations: committed.map((c) => restarted.translate(c.topic, c.partition, c.offset)) }).toEqual({
        records: 0,
        translations: [
          { ok: false, reason: 'BeforeTranslationHorizon' },
          { ok: false, reason: 'BeforeTranslationHorizon' },
          // Commit k copied source offset k to target 2k. The first offset kept resumes at its own copy (the
          // run before it aged out, and only a commit marker lies between); a later offset c one past
          // the copy of c - 1, as always.
          { ok: true, target: 2 * 32 * 24 },
          { ok: true, target: 2 * (40 * 24 + 5) - 1 },
        ],
      });
    } finally {
      await restartLink.close();
    }

    // kcat: of every segment ever written, the index keeps only the one within the horizon; the rest,
    // merged or aged out, are tombstones, so compaction bounds the topic by the horizon, not the job's age.
    const latest = new Map((await kcatReadAll(target, topics.offsetIndex)).map((r) => [r.key, r.payload]));
    expect([...latest].filter(([, value]) => value !== null).map(([key]) => key)).toEqual([`seg:kept:0:4:${32 * 24}`]);
    expect([latest.get('seg:kept:0:4:0'), latest.get(`seg:kept:0:4:${16 * 24}`)]).toEqual([null, null]);
  }, 300_000);
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** One committed transaction's offset-map record of `ranges`, then worker 0's refresh and seal. */
async function recordAndSeal(writer: TargetWriter, offsetMapTopic: string, ranges: CopiedRange[], reader: OffsetMapReader, indexer: OffsetIndexer): Promise<void> {
  const value = encodeOffsetMapRecord(ranges);
  const [outcome] = await writer.write([{ topic: offsetMapTopic, partition: 0, bytes: encodeBatch([{ offset: 0n, timestamp: BigInt(Date.now()), key: null, value, headers: [] }], 4), recordCount: 1 }]);
  expect(outcome?.ok).toBe(true);
  await reader.refresh();
  await indexer.seal();
}

const DAY = 17_280;

function busyRange(partition: number, k: number): CopiedRange {
  return { topic: 'busy', partition, start: k, end: k + 1, runs: [{ source: k, target: 2 * k, count: 1 }], copied: k + 1, targetNext: 2 * k + 1 };
}

function quietRange(partition: number, day: number): CopiedRange {
  return { topic: 'quiet', partition, start: day === 0 ? 0 : 10 * (day - 1) + 1, end: 10 * day + 1, runs: [{ source: 10 * day, target: day, count: 1 }], copied: day + 1, targetNext: day + 1 };
}
