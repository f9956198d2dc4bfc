import type { AclBinding } from '../../../src/kafka/kafka-client.port.ts';
import { legacyKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { startKafkaCluster, stopKafkaCluster, type KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { expectEventually } from '../../helpers/eventually.ts';
import { runSubdir } from '../../helpers/run-dir.ts';
import { adminOf, aSyncJob, startSync } from '../../helpers/sync/sync-job.ts';


async function topicOverrides(cluster: KafkaCluster, topic: string): Promise<Record<string, string | null>> {
  const admin = adminOf(cluster);
  try {
    const [described] = await admin.describeConfigs([topic]);
    return Object.fromEntries((described?.entries ?? []).filter((e) => e.source === 'topic').map((e) => [e.name, e.value]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  } finally {
    await admin.close();
  }
}

describe('metadata sync from the Kafka 2.6 clusters our users migrate away from', () => {
  it('2.6 -> 4.1: a config Kafka 4 removed (message.format.version) is left out and reported, the rest is copied', async () => {
    const [source, target] = await Promise.all([legacyKafka(), targetKafka()]);
    const topic = uniqueTopic('sync-removed-config');
    const admin = adminOf(source);
    await admin.createTopics([{ name: topic, partitions: 2, replicationFactor: 1, configs: { 'message.format.version': '2.6-IV0', 'retention.ms': '86400000' } }]);
    await admin.close();
    const running = startSync(aSyncJob(topic, source, target, [topic]), source, target);
    try {
      const round = await running.sync.runOnce();
      expect(round.failed).toBe(0);
      expect(round.report.skippedConfigs).toEqual([expect.objectContaining({ topic, config: 'message.format.version', reason: 'RemovedInTargetVersion' })]);
      await expectEventually(() => topicOverrides(target, topic), { 'retention.ms': '86400000' });
    } finally {
      await running.close();
    }
  }, 120_000);

  describe('with SASL and the ZooKeeper-era AclAuthorizer', () => {
    let source: KafkaCluster;
    let target: KafkaCluster;
    beforeAll(async () => {
      // Private clusters: ACLs need an authorizer on both sides (the shared 2.6 and 4.1 clusters have none).
      source = await startKafkaCluster({ version: '2.6.0', sasl: true }, runSubdir('sync-acl26-source'), 'sync-acl26-source');
      target = await startKafkaCluster({ version: '3.9.1', sasl: true }, runSubdir('sync-acl26-target'), 'sync-acl26-target');
    }, 180_000);
    afterAll(async () => {
      await Promise.all([source && stopKafkaCluster(source), target && stopKafkaCluster(target)]);
    });

    it('2.6 AclAuthorizer -> KRaft StandardAuthorizer: topic ACLs arrive as MirrorMaker 2 would copy them', async () => {
      const topic = uniqueTopic('sync-acl26');
      const acl = (principal: string, operation: AclBinding['operation']): AclBinding => ({ resourceType: 'Topic', resourceName: topic, patternType: 'Literal', principal, host: '*', operation, permission: 'Allow' });
      const admin = adminOf(source);
      await admin.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }]);
      await admin.createAcls([acl('User:alice', 'Read'), acl('User:bob', 'Write')]);
      await admin.close();
      const running = startSync(aSyncJob(topic, source, target, [topic]), source, target);
      try {
        expect((await running.sync.runOnce()).failed).toBe(0);
        const targetAdmin = adminOf(target);
        try {
          await expectEventually(async () => (await targetAdmin.describeAcls({ resourceType: 'Topic', resourceName: topic })).map((a) => `${a.principal} ${a.permission} ${a.operation}`).sort(), ['User:alice Allow Read']);
        } finally {
          await targetAdmin.close();
        }
      } finally {
        await running.close();
      }
    }, 120_000);
  });
});
