import { mapLimit } from '../../../src/sync/concurrency.ts';
import { legacyKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { committedOffsets, resetGroupOffsets } from '../../helpers/kafka/committed-offsets.ts';
import { consumeAsGroup } from '../../helpers/kafka/console-consumer.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../../helpers/kafka/kafka-tools.ts';
import { kcatReadAll } from '../../helpers/kafka/kcat.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { compactedTopicWithGaps } from '../../helpers/kafka/source-topics.ts';
import { waitFor } from '../../helpers/processes.ts';
import { startWorker, untilWorkersCaughtUp, type WorkerProcess } from '../../helpers/replication/worker-process.ts';
import { adminOf, writeSyncJobFiles } from '../../helpers/sync/sync-job.ts';

/**
 * Committed offsets with no copied record below them (issue #19): an empty partition committed at 0,
 * the end of a partition whose records were all aborted, the log end after a commit marker, and a
 * compacted partition whose early records are gone. A job from Latest has copied nothing below any
 * of them. Each must be written on the target where the group's consumer reads exactly the records
 * the source would give it next.
 */

type StartFrom = 'Earliest' | 'Latest';

interface EdgeCase {
  topic: string;
  partitions: number[];
  group: string;
  commitAt: number | 'log-end';
}

async function edgeCases(source: KafkaCluster, startFrom: StartFrom): Promise<EdgeCase[]> {
  const name = (what: string): string => uniqueTopic(`no-below-${startFrom.toLowerCase()}-${what}`);
  const [empty, aborted, marker, compacted] = [name('empty'), name('aborted'), name('marker'), name('compacted')];
  await createTopicWithTool(source, empty, 2);
  await createTopicWithTool(source, aborted, 1);
  await produceRecords(source, aborted, Array.from({ length: 20 }, (_, i) => ({ partition: 0, key: `a${i}`, value: `${aborted}-${i}` })), { transactional: 'abort' });
  await createTopicWithTool(source, marker, 1);
  await produceRecords(source, marker, Array.from({ length: 20 }, (_, i) => ({ partition: 0, key: `p${i}`, value: `${marker}-plain-${i}` })));
  await produceRecords(source, marker, Array.from({ length: 10 }, (_, i) => ({ partition: 0, key: `t${i}`, value: `${marker}-txn-${i}` })), { transactional: 'commit' });
  await compactedTopicWithGaps(source, compacted);
  const firstKept = (await kcatReadAll(source, compacted)).filter((r) => r.offset === 0);
  expect(firstKept).toEqual([]); // the cleaner removed offset 0 of both partitions: nothing is copied below it
  const cases: EdgeCase[] = [
    { topic: empty, partitions: [0, 1], group: `${empty}-g`, commitAt: 0 },
    { topic: aborted, partitions: [0], group: `${aborted}-g`, commitAt: 'log-end' },
    { topic: marker, partitions: [0], group: `${marker}-g`, commitAt: 'log-end' },
    // From Earliest the records after offset 0 are copied, so 0 goes to the first survivor's copy; from Latest nothing is.
    { topic: compacted, partitions: [0, 1], group: `${compacted}-g`, commitAt: startFrom === 'Earliest' ? 0 : 'log-end' },
  ];
  for (const c of cases) await resetGroupOffsets(source, c.group, c.topic, c.commitAt);
  return cases;
}

/** Values a consumer of the group reads next on the source: every visible record at or after its committed offset. */
async function unreadOnSource(source: KafkaCluster, c: EdgeCase): Promise<string[]> {
  const committed = await committedOffsets(source, c.group, c.topic);
  expect([...committed.keys()].sort()).toEqual(c.partitions);
  return (await kcatReadAll(source, c.topic)).filter((r) => r.offset >= committed.get(r.partition)!).map((r) => r.payload ?? '');
}

/** Groups (as "group topic-partition") whose offsets are not on the target after up to 90 s; empty when all are. */
async function missingOnTarget(target: KafkaCluster, cases: EdgeCase[]): Promise<string[]> {
  const admin = adminOf(target);
  const missing = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const c of cases) {
      const onTarget = new Set((await admin.listGroupOffsets(c.group)).filter((o) => o.topic === c.topic).map((o) => o.partition));
      for (const p of c.partitions) if (!onTarget.has(p)) out.push(`${c.group} ${c.topic}-${p}`);
    }
    return out;
  };
  try {
    return await waitFor('every committed offset to be written on the target', async () => ((await missing()).length === 0 ? [] : undefined), { timeoutMs: 90_000, intervalMs: 1_000 });
  } catch {
    return await missing();
  } finally {
    await admin.close();
  }
}

describe('group offsets with nothing below them to copy, from Kafka 2.6 with ExactlyOnce', () => {
  it('are written on the target where the group reads exactly the next record: empty, all aborted, marker last, compacted; jobs from Earliest and Latest', async () => {
    const [source, target] = await Promise.all([legacyKafka(), targetKafka()]);
    const jobs = await mapLimit(['Earliest', 'Latest'] as const, 2, async (startFrom) => ({ startFrom, cases: await edgeCases(source, startFrom) }));
    const all = jobs.flatMap((j) => j.cases);
    const workers: WorkerProcess[] = [];
    try {
      for (const { startFrom, cases } of jobs) {
        const files = writeSyncJobFiles(uniqueTopic(`no-below-${startFrom.toLowerCase()}`), source, target, cases.map((c) => c.topic), {
          replication: { workers: 1, delivery: 'ExactlyOnce', startFrom },
        });
        workers.push(await startWorker(files, { index: 0, revision: 1 }));
      }
      await untilWorkersCaughtUp(workers);
      expect(await missingOnTarget(target, all)).toEqual([]);
      // Kafka's own kafka-consumer-groups tool sees them too.
      for (const c of all) expect([...(await committedOffsets(target, c.group, c.topic)).keys()].sort()).toEqual(c.partitions);
      // One record per partition after the sync: the group's consumer on the target must read it (and, for
      // the compacted group from Earliest, the survivors before it), nothing it read already, nothing less.
      await mapLimit(all, 2, (c) => produceRecords(source, c.topic, c.partitions.map((p) => ({ partition: p, key: 'tail', value: `${c.topic}-tail-${p}` }))));
      await waitFor('the tail records to be mirrored', async () => {
        for (const c of all) {
          const onTarget = new Set((await kcatReadAll(target, c.topic)).map((r) => r.payload));
          if (!c.partitions.every((p) => onTarget.has(`${c.topic}-tail-${p}`))) return undefined;
        }
        return true;
      }, { timeoutMs: 90_000, intervalMs: 1_000 });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }

    const results = await mapLimit(all, 2, async (c) => {
      const expected = await unreadOnSource(source, c);
      const read = await consumeAsGroup(target, c.topic, c.group, { maxMessages: expected.length, idleMs: 20_000 });
      return { topic: c.topic, read: [...read].sort(), expected: [...expected].sort() };
    });
    for (const r of results) expect({ topic: r.topic, read: r.read }).toEqual({ topic: r.topic, read: r.expected });
    // The tail is what the groups committed at the log end (and on the empty partitions) read first.
    for (const r of results.filter((x) => !x.topic.includes('earliest-compacted'))) expect(r.expected.every((v) => v.includes('-tail-'))).toBe(true);
  }, 900_000);
});
