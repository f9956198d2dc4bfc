import { jest } from '@jest/globals';
import { Admin } from '@platformatic/kafka';
import { Registry } from 'prom-client';
import { PlatformaticAdmin } from '../../../src/kafka/platformatic-admin.adapter.ts';
import { inBatches, mapLimit } from '../../../src/sync/concurrency.ts';
import { SyncMetrics } from '../../../src/sync/sync.metrics.ts';
import { accessOf } from '../../helpers/kafka/access.ts';
import { sourceKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { waitFor } from '../../helpers/processes.ts';
import { adminOf, aSyncJob, startSync } from '../../helpers/sync/sync-job.ts';

/** 280 topics of 5 partitions and 80 of 7 or 8: 360 topics, 2,000 partitions. */
const layout = (prefix: string): Array<{ name: string; partitions: number }> =>
  Array.from({ length: 360 }, (_, i) => ({ name: `${prefix}-${String(i).padStart(3, '0')}`, partitions: i < 280 ? 5 : i % 2 === 0 ? 8 : 7 }));

/** Leaves the shared clusters as small as they were: every other test lists all topics. */
async function deleteTopics(cluster: KafkaCluster, names: string[]): Promise<void> {
  const access = accessOf(cluster);
  const admin = new Admin({ clientId: 'test-cleanup', bootstrapBrokers: access.bootstrapServers, ...(access.sasl ? { sasl: access.sasl } : {}) });
  try {
    const existing = new Set(await admin.listTopics());
    await inBatches(names.filter((n) => existing.has(n)), 100, (topics) => admin.deleteTopics({ topics }));
  } finally {
    await admin.close();
  }
}

describe('a sync pass with many new topics', () => {
  const prefix = uniqueTopic('bulk');
  const topics = layout(prefix);

  afterAll(async () => {
    const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
    await Promise.allSettled([deleteTopics(source, topics.map((t) => t.name)), deleteTopics(target, topics.map((t) => t.name))]);
  }, 120_000);

  it('creates 360 topics with 2,000 partitions on the target in one pass', async () => {
    expect(topics.reduce((n, t) => n + t.partitions, 0)).toBe(2_000);
    const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
    const sourceAdmin = adminOf(source);
    try {
      const started = Date.now();
      await mapLimit(topics, 16, (t) => sourceAdmin.createTopics([{ name: t.name, partitions: t.partitions, replicationFactor: 1, configs: { 'retention.ms': '86400000' } }]));
      // The broker lists a new topic once its metadata cache follows the controller, a moment later.
      await waitFor('the source to list every topic', async () => ((await sourceAdmin.listTopics()).filter((t) => t.name.startsWith(`${prefix}-`)).length === 360 ? true : undefined), { timeoutMs: 60_000, intervalMs: 500 });
      console.log(`360 topics / 2000 partitions created on the source with the admin port (16 at a time): ${Date.now() - started} ms`);
    } finally {
      await sourceAdmin.close();
    }

    const metrics = new SyncMetrics(new Registry(), prefix);
    const running = startSync(aSyncJob(prefix, source, target, [`${prefix}-.*`]), source, target, { metrics });
    // One request (2,720 metadata records, under the controller's limits; src/sync/create-batches.ts):
    // a KRaft broker lists each request's topics only after making the previous request's logs.
    const creates = jest.spyOn(PlatformaticAdmin.prototype, 'createTopics');
    try {
      const started = Date.now();
      const round = await running.sync.runOnce();
      const ms = Date.now() - started;
      expect(creates.mock.calls.map(([asked]) => asked.length)).toEqual([360]);
      console.log(`sync pass creating 360 topics / 2000 partitions: ${ms} ms (snapshot+plan+apply; applied ${round.applied}, failed ${round.failed})`);
      expect(round).toMatchObject({ failed: 0, applied: 360 });
      expect(round.report.topics).toMatchObject({ matched: 360, toCreate: 360 });
      expect(ms).toBeLessThan(120_000);

      // The broker lists new topics seconds after answering CreateTopics. A pass and a discovery right
      // away still see some missing, and must not create them again (the answer would be
      // TOPIC_ALREADY_EXISTS, counted as one more creation).
      const soon = await running.sync.runOnce();
      await running.sync.discoverTopics();
      const unlisted = soon.plan.actions.filter((a) => a.kind === 'CreateTopic').length;
      console.log(`a pass right after: ${unlisted} of 360 topics not listed by the target yet; ${soon.outcomes.length} actions applied`);
      expect(soon.outcomes.filter((o) => o.action.kind === 'CreateTopic')).toEqual([]);
      const counted = (await metrics.actions.get()).values.filter((v) => v.labels.kind === 'CreateTopic' && v.labels.result === 'applied');
      expect(counted.map((v) => v.value)).toEqual([360]);

      const targetAdmin = adminOf(target);
      const wanted = JSON.stringify(Object.fromEntries(topics.map((t) => [t.name, t.partitions])));
      let listed = '';
      await waitFor('the target to list every topic', async () => {
        const mine = (await targetAdmin.listTopics()).filter((t) => t.name.startsWith(`${prefix}-`));
        listed = JSON.stringify(Object.fromEntries(mine.map((t) => [t.name, t.partitions.length])));
        return listed === wanted ? true : undefined;
      }, { timeoutMs: 60_000, intervalMs: 500 }).catch(() => undefined);
      const [described] = await targetAdmin.describeConfigs([topics[0]!.name]);
      await targetAdmin.close();
      expect(listed).toBe(wanted);
      expect(described?.entries.find((e) => e.name === 'retention.ms')).toMatchObject({ value: '86400000', source: 'topic' });

      const again = await running.sync.runOnce();
      console.log(`the next pass (nothing to do, 360 topics compared): ${again.durationMs} ms`);
      expect(again.plan.actions).toEqual([]);
    } finally {
      creates.mockRestore();
      await running.close();
    }
  }, 300_000);
});
