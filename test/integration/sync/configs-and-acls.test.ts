import type { AclBinding } from '../../../src/kafka/kafka-client.port.ts';
import { legacyKafka, sourceKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { startKafkaCluster, stopKafkaCluster, type KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { expectEventually } from '../../helpers/eventually.ts';
import { runSubdir } from '../../helpers/run-dir.ts';
import { adminOf, aSyncJob, startSync } from '../../helpers/sync/sync-job.ts';

const topicAcl = (topic: string, principal: string, operation: AclBinding['operation']): AclBinding => ({
  resourceType: 'Topic', resourceName: topic, patternType: 'Literal', principal, host: '*', operation, permission: 'Allow',
});
const ownConfigs = async (cluster: KafkaCluster, topic: string): Promise<Record<string, string | null>> => {
  const admin = adminOf(cluster);
  try {
    const [described] = await admin.describeConfigs([topic]);
    const own = (described?.entries ?? []).filter((e) => e.source === 'topic').sort((a, b) => (a.name < b.name ? -1 : 1));
    return Object.fromEntries(own.map((e) => [e.name, e.value]));
  } finally {
    await admin.close();
  }
};
const aclsOn = async (cluster: KafkaCluster, topic: string): Promise<string[]> => {
  const admin = adminOf(cluster);
  try {
    return (await admin.describeAcls({ resourceType: 'Topic', resourceName: topic })).map((a) => `${a.principal} ${a.permission.toLowerCase()} ${a.operation.toLowerCase()}`).sort();
  } finally {
    await admin.close();
  }
};


describe('metadata sync of configs and ACLs', () => {
  // The shared 4.1.2 target has no authorizer: ACLs need a target of their own.
  let target: KafkaCluster;

  beforeAll(async () => {
    target = await startKafkaCluster({ version: '3.9.1', sasl: true }, runSubdir('sync-acl-target'), 'sync-acl-target');
  }, 180_000);

  afterAll(async () => {
    if (target) await stopKafkaCluster(target);
  });

  it('3.9 SASL source -> 3.9 SASL target, Prefix naming: configs follow (excluded ones do not), ACLs are mapped, owned ACLs survive a restart', async () => {
    const source = await sourceKafka();
    const topic = uniqueTopic('sync-acl');
    const mapped = `dr.${topic}`;
    const sourceAdmin = adminOf(source);
    await sourceAdmin.createTopics([{ name: topic, partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1', 'max.message.bytes': '2000000' } }]);
    await sourceAdmin.createAcls([topicAcl(topic, 'User:alice', 'Read'), topicAcl(topic, 'User:bob', 'Write'), topicAcl(topic, 'User:bob', 'All')]);
    await expectEventually(() => aclsOn(source, topic), ['User:alice allow read', 'User:bob allow all', 'User:bob allow write']);
    const job = aSyncJob(topic, source, target, [topic], { topics: { include: [topic], naming: { policy: 'Prefix', prefix: 'dr.' } } });

    const first = startSync(job, source, target);
    try {
      const round = await first.sync.runOnce();
      expect(round.failed).toBe(0);
      expect(round.report.topics).toMatchObject({ matched: 1, toCreate: 1 });
      await expectEventually(() => ownConfigs(target, mapped), { 'max.message.bytes': '2000000', 'retention.ms': '3600000' }); // min.insync.replicas is excluded
      // MirrorMaker 2's rules: WRITE dropped, ALL becomes READ.
      await expectEventually(() => aclsOn(target, mapped), ['User:alice allow read', 'User:bob allow read']);

      await sourceAdmin.incrementalAlterConfigs(topic, [{ name: 'retention.ms', op: 'set', value: '7200000' }, { name: 'max.message.bytes', op: 'delete' }, { name: 'min.insync.replicas', op: 'set', value: '1' }]);
      await expectEventually(() => ownConfigs(source, topic), { 'min.insync.replicas': '1', 'retention.ms': '7200000' });
      const second = await first.sync.runOnce();
      expect(second.plan.actions.map((a) => a.kind)).toEqual(['AlterTopicConfigs']);
      await expectEventually(() => ownConfigs(target, mapped), { 'retention.ms': '7200000' });
    } finally {
      await first.close();
    }

    // A new sync (a restarted worker) reads what the job owns, so it removes the ACL it made and no other.
    const adminOnTarget = adminOf(target);
    await adminOnTarget.createAcls([topicAcl(mapped, 'User:carol', 'Read')]);
    await adminOnTarget.close();
    await sourceAdmin.deleteAcls([topicAcl(topic, 'User:alice', 'Read')]);
    await expectEventually(() => aclsOn(source, topic), ['User:bob allow all', 'User:bob allow write']);
    await expectEventually(() => aclsOn(target, mapped), ['User:alice allow read', 'User:bob allow read', 'User:carol allow read']);
    const restarted = startSync(job, source, target);
    try {
      const round = await restarted.sync.runOnce();
      expect(round.plan.actions.map((a) => a.kind)).toEqual(['DeleteAcls']);
      expect(round.failed).toBe(0);
      await expectEventually(() => aclsOn(target, mapped), ['User:bob allow read', 'User:carol allow read']);
      expect((await restarted.sync.runOnce()).plan.actions).toEqual([]);
    } finally {
      await restarted.close();
      await sourceAdmin.close();
    }
  }, 120_000);

  it('2.6 source -> 3.9 target: configs of a ZooKeeper-era topic are created and kept in sync', async () => {
    const source = await legacyKafka();
    const topic = uniqueTopic('sync-cfg26');
    const sourceAdmin = adminOf(source);
    await sourceAdmin.createTopics([{ name: topic, partitions: 2, replicationFactor: 1, configs: { 'cleanup.policy': 'compact', 'segment.ms': '600000' } }]);
    const running = startSync(aSyncJob(topic, source, target, [topic]), source, target);
    try {
      const round = await running.sync.runOnce();
      expect(round.failed).toBe(0);
      await expectEventually(() => ownConfigs(target, topic), { 'cleanup.policy': 'compact', 'segment.ms': '600000' });
      await sourceAdmin.incrementalAlterConfigs(topic, [{ name: 'segment.ms', op: 'set', value: '700000' }]);
      expect((await running.sync.runOnce()).failed).toBe(0);
      await expectEventually(() => ownConfigs(target, topic), { 'cleanup.policy': 'compact', 'segment.ms': '700000' });
    } finally {
      await running.close();
      await sourceAdmin.close();
    }
  }, 120_000);
});
