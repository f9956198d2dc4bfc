import { ClusterLink, encodeBatch } from '../../../src/kafka/index.ts';
import { PlatformaticAdmin } from '../../../src/kafka/platformatic-admin.adapter.ts';
import { TargetWriter } from '../../../src/replication/sink/target.writer.ts';
import { accessOf } from '../../helpers/kafka/access.ts';
import { sourceKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../../helpers/kafka/kafka-tools.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { jobArgs, runCli, writeJob } from './cli-harness.ts';

const records = (n: number, partitions: number) => Array.from({ length: n }, (_, i) => ({ partition: i % partitions, key: `k${i}`, value: `v${i}` }));

async function withAdmin<T>(cluster: KafkaCluster, call: (admin: PlatformaticAdmin) => Promise<T>): Promise<T> {
  const admin = new PlatformaticAdmin({ ...accessOf(cluster), clientId: 'cli-test' });
  try {
    return await call(admin);
  } finally {
    await admin.close();
  }
}

describe('kafka-mirror plan, status and verify', () => {
  let source: KafkaCluster;
  let target: KafkaCluster;
  beforeAll(async () => {
    [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
  });

  it('plan shows the changes and writes nothing; status shows the lag; verify finds the copy equal, then every difference', async () => {
    const topic = uniqueTopic('cli-inspect');
    await createTopicWithTool(source, topic, 2, { 'retention.ms': '7200000' });
    await produceRecords(source, topic, records(400, 2));
    const group = `cli-inspect-group-${topic}`;
    await withAdmin(source, (a) => a.alterGroupOffsets(group, [{ topic, partition: 1, offset: 150n }]));
    const files = writeJob(source, target, [topic], { spec: { groups: { include: [group] } } });

    const plan = await runCli(['plan', ...jobArgs(files)]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`plan for job ${files.name} (nothing was changed)`);
    expect(plan.stdout).toMatch(new RegExp(`CreateTopic +${topic} +2 partitions, replication factor 1, configs retention.ms`));
    const planJson = JSON.parse((await runCli(['plan', ...jobArgs(files), '--json'])).stdout) as { actions: Array<{ kind: string }>; report: { groups: Array<{ group: string; outcome: string }> } };
    expect(planJson.actions.map((a) => a.kind)).toEqual(['CreateTopic']);
    expect(planJson.report.groups).toEqual([expect.objectContaining({ group, outcome: 'NotYetTranslatable' })]);
    expect((await withAdmin(target, (a) => a.listTopics())).map((t) => t.name)).not.toContain(topic);

    const before = await runCli(['status', ...jobArgs(files), '--json']);
    expect(JSON.parse(before.stdout)).toMatchObject({ caughtUp: false, recordsBehind: 400, topics: { matched: 1, created: 0 }, partitions: { total: 2, caughtUp: 0 } });
    expect((await runCli(['status', ...jobArgs(files)])).stdout).toContain(`job ${files.name}: 400 records behind`);

    expect((await runCli(['run', ...jobArgs(files), '--until-caught-up'])).code).toBe(0);
    expect(JSON.parse((await runCli(['status', ...jobArgs(files), '--json'])).stdout)).toMatchObject({ caughtUp: true, recordsBehind: 0, topics: { matched: 1, created: 1 } });

    const equal = await runCli(['verify', ...jobArgs(files)]);
    expect(equal.stdout).toContain(`verify ${files.name}: source and target match (400 source records, 400 target records`);
    expect(equal.stdout).toMatch(/record checksums +2 +OK/);
    expect(equal.stdout).toMatch(/group offsets +1 +OK/);
    expect(equal.code).toBe(0);

    // Now break the copy three ways: an extra record, a changed config, a moved group offset.
    await produceRecords(target, topic, [{ partition: 0, key: 'stray', value: 'stray' }]);
    await withAdmin(target, (a) => a.incrementalAlterConfigs(topic, [{ name: 'retention.ms', op: 'set', value: '1000000' }]));
    await withAdmin(target, (a) => a.alterGroupOffsets(group, [{ topic, partition: 1, offset: 3n }]));
    const broken = await runCli(['verify', ...jobArgs(files), '--json']);
    expect(broken.code).toBe(1);
    const result = JSON.parse(broken.stdout) as { ok: boolean; differences: Array<{ check: string; subject: string; detail: string }> };
    expect(result.ok).toBe(false);
    expect(result.differences).toEqual(expect.arrayContaining([
      { check: 'records', subject: `${topic}/0`, detail: '200 records on the source, 201 on the target' },
      { check: 'configs', subject: topic, detail: 'retention.ms: "7200000" on the source, "1000000" on the target' },
      expect.objectContaining({ check: 'groups', subject: `${group} ${topic}/1`, detail: expect.stringContaining('the target has 3') }),
    ]));
    const human = await runCli(['verify', ...jobArgs(files)]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('3 differences found');
  });

  // A job's commit is answered before its markers reach the partitions: verify run right after a run,
  // or beside a running ExactlyOnce job, read partitions short of the transactions open then.
  it('verify waits for the transactions open when it reads; one that stays open is named, not counted as lost', async () => {
    const topic = uniqueTopic('cli-verify-open');
    await Promise.all([createTopicWithTool(source, topic, 1), createTopicWithTool(target, topic, 1)]);
    const at = 1_700_000_000_000;
    const inOrder = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ partition: 0, key: `k${from + i}`, value: `v${from + i}`, timestamp: at + from + i }));
    await produceRecords(source, topic, inOrder(0, 3));
    const link = new ClusterLink(accessOf(target), 'cli-verify-open');
    const writer = new TargetWriter(link, `${topic}-txn`);
    const writeOpen = async (records: ReturnType<typeof inOrder>) => {
      await writer.addToTransaction([{ topic, partition: 0 }]);
      const batch = encodeBatch(records.map((r, i) => ({ offset: BigInt(i), timestamp: BigInt(r.timestamp), key: Buffer.from(r.key), value: Buffer.from(r.value), headers: [] })), 0);
      const [outcome] = await writer.write([{ topic, partition: 0, bytes: batch, recordCount: records.length }]);
      expect(outcome).toMatchObject({ ok: true });
    };
    const files = writeJob(source, target, [topic], { spec: { groups: { syncOffsets: false } } });
    try {
      await writer.init();
      await writeOpen(inOrder(0, 3));
      const verifying = runCli(['verify', ...jobArgs(files), '--json']);
      setTimeout(() => void writer.commit(), 2_000);
      const settled = await verifying;
      expect(JSON.parse(settled.stdout)).toMatchObject({ ok: true, differences: [] });

      await produceRecords(source, topic, inOrder(3, 1));
      await writeOpen(inOrder(3, 1));
      const open = await runCli(['verify', ...jobArgs(files), '--json']);
      expect(open.code).toBe(1);
      expect(JSON.parse(open.stdout).differences).toEqual([{ check: 'records', subject: `${topic}/0`, detail: '4 records on the source, 3 on the target (a transaction on the target was still open after 15 s; its records are not counted)' }]);
    } finally {
      await writer.abort().catch(() => undefined);
      await link.close();
    }
  });

  it('verify tells a changed record from a missing one by its checksum', async () => {
    const topic = uniqueTopic('cli-checksum');
    await Promise.all([createTopicWithTool(source, topic, 1), createTopicWithTool(target, topic, 1)]);
    await produceRecords(source, topic, [{ partition: 0, key: 'a', value: 'one', timestamp: 1_700_000_000_000 }]);
    await produceRecords(target, topic, [{ partition: 0, key: 'a', value: 'uno', timestamp: 1_700_000_000_000 }]);
    const files = writeJob(source, target, [topic], { spec: { groups: { syncOffsets: false } } });
    const result = await runCli(['verify', ...jobArgs(files), '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).differences).toEqual([expect.objectContaining({ check: 'checksums', subject: `${topic}/0`, detail: expect.stringContaining('same count (1) but different content') })]);
  });
});
