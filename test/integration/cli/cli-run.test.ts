import { PlatformaticAdmin } from '../../../src/kafka/platformatic-admin.adapter.ts';
import { accessOf } from '../../helpers/kafka/access.ts';
import { sourceKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { compareTopics } from '../../helpers/kafka/compare-topics.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../../helpers/kafka/kafka-tools.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { jobArgs, runCli, startCli, writeJob } from './cli-harness.ts';

// Recent: topic a keeps records for an hour, and a broker's retention check (every 5 minutes) would
// delete records stamped years ago, on the source and on the target, between two of the test's reads.
const since = Date.now() - 60_000;
const records = (n: number, partitions: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ partition: (from + i) % partitions, key: `k${from + i}`, value: `v${from + i}`, headers: [['h', `${i}`]] as Array<[string, string]>, timestamp: since + from + i }));

async function committedOffsets(cluster: KafkaCluster, group: string): Promise<Array<{ topic: string; partition: number; offset: bigint }>> {
  const admin = new PlatformaticAdmin({ ...accessOf(cluster), clientId: 'cli-test' });
  try {
    return (await admin.listGroupOffsets(group)).sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.close();
  }
}

describe('kafka-mirror run', () => {
  let source: KafkaCluster;
  let target: KafkaCluster;
  beforeAll(async () => {
    [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
  });

  it('--until-caught-up copies the topics exactly, syncs the group offsets, exits 0; a second run resumes without duplicates', async () => {
    const [a, b] = [uniqueTopic('cli-run-a'), uniqueTopic('cli-run-b')];
    await Promise.all([createTopicWithTool(source, a, 3, { 'retention.ms': '3600000' }), createTopicWithTool(source, b, 1)]);
    await produceRecords(source, a, records(900, 3));
    const group = `cli-group-${a}`;
    const admin = new PlatformaticAdmin({ ...accessOf(source), clientId: 'cli-test' });
    await admin.alterGroupOffsets(group, [{ topic: a, partition: 0, offset: 100n }, { topic: a, partition: 2, offset: 300n }]);
    await admin.close();
    const files = writeJob(source, target, [a, b], { spec: { groups: { include: [group] } } });

    const first = await runCli(['run', ...jobArgs(files), '--until-caught-up']);
    expect(first.stderr).not.toContain('admin-secret');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/caught up: 900 records copied .* 2 topics, 4\/4 partitions caught up, lag 0; groups 1 of 1 synced/);
    expect(await compareTopics(source, a, target)).toEqual({ sourceRecords: 900, targetRecords: 900, lost: 0, duplicated: 0, mismatchedPartitions: [] });
    expect(await compareTopics(source, b, target)).toMatchObject({ sourceRecords: 0, targetRecords: 0 });
    // Plain transactions leave one marker per commit, so equal offsets would be luck; what matters is the record found there.
    expect((await committedOffsets(target, group)).map((o) => o.partition)).toEqual([0, 2]);

    await produceRecords(source, a, records(300, 3, 900));
    await produceRecords(source, b, records(50, 1));
    const second = await runCli(['run', ...jobArgs(files), '--until-caught-up']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('caught up: 350 records copied');
    expect(await compareTopics(source, a, target)).toEqual({ sourceRecords: 1200, targetRecords: 1200, lost: 0, duplicated: 0, mismatchedPartitions: [] });
    expect(await compareTopics(source, b, target)).toEqual({ sourceRecords: 50, targetRecords: 50, lost: 0, duplicated: 0, mismatchedPartitions: [] });
  });

  it('stops cleanly on Ctrl-C (exit 0, progress saved) and the next run finishes the copy exactly', async () => {
    const topic = uniqueTopic('cli-sigint');
    await createTopicWithTool(source, topic, 4);
    await produceRecords(source, topic, records(100_000, 4), { compression: 'lz4' });
    const files = writeJob(source, target, [topic]);

    const running = startCli(['run', ...jobArgs(files)]);
    const deadline = Date.now() + 60_000;
    // Plain output says "copying" once the replicator has its partitions: interrupt the copy in flight.
    while (!/\] copying:/.test(running.output().stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    expect(running.output().stdout).toContain('stopped by Ctrl-C; progress is saved on the target, run again to resume');

    const resumed = await runCli(['run', ...jobArgs(files), '--until-caught-up']);
    expect(resumed.code).toBe(0);
    const copiedAgain = Number(/caught up: ([\d,]+) records copied/.exec(resumed.stdout)?.[1]?.replaceAll(',', ''));
    expect(copiedAgain).toBeLessThanOrEqual(100_000);
    expect(await compareTopics(source, topic, target)).toEqual({ sourceRecords: 100_000, targetRecords: 100_000, lost: 0, duplicated: 0, mismatchedPartitions: [] });
  });
});
