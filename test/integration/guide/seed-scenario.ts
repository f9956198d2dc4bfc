import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformaticAdmin } from '../../../src/kafka/platformatic-admin.adapter.ts';
import { accessOf } from '../../helpers/kafka/access.ts';
import { consumeAsGroup } from '../../helpers/kafka/console-consumer.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../../helpers/kafka/kafka-tools.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';

/** The seed write-up's source, in small: `projects.*` topics with data, one topic the filter leaves behind. */
export const SEED_TOPICS: Array<{ name: string; partitions: number; records: number; configs: Record<string, string> }> = [
  { name: 'projects.orders', partitions: 3, records: 3_000, configs: { 'retention.ms': '604800000' } },
  { name: 'projects.payments', partitions: 2, records: 1_000, configs: {} },
  { name: 'projects.audit', partitions: 1, records: 300, configs: { 'cleanup.policy': 'compact' } },
  { name: 'scratch.tmp', partitions: 1, records: 100, configs: {} },
];
export const MIRRORED = SEED_TOPICS.filter((t) => t.name.startsWith('projects.'));
/** A consumer group that read part of projects.orders on the source and stopped (the seed's consumers). */
export const GROUP = { id: 'billing', topic: 'projects.orders', reads: 700 };

export const valueOf = (topic: string, n: number): string => JSON.stringify({ topic, n });

/** Fills the source; returns the values the group read there, in order. */
export async function fillSeedSource(source: KafkaCluster): Promise<string[]> {
  await Promise.all(SEED_TOPICS.map(async (t) => {
    await createTopicWithTool(source, t.name, t.partitions, t.configs);
    const records = Array.from({ length: t.records }, (_, n) => ({ partition: n % t.partitions, key: `key-${n % 250}`, value: valueOf(t.name, n), headers: [['origin', 'vm-cluster']] as Array<[string, string]> }));
    await produceRecords(source, t.name, records, { compression: 'lz4' });
  }));
  // An ACL the seed's MirrorMaker 2 was asked to carry over (sync.topic.acls.enabled).
  const admin = new PlatformaticAdmin({ ...accessOf(source), clientId: 'guide-setup' });
  try {
    await admin.createAcls([{ resourceType: 'Topic', resourceName: 'projects.orders', patternType: 'Literal', principal: 'User:alice', host: '*', operation: 'Read', permission: 'Allow' }]);
  } finally {
    await admin.close();
  }
  return consumeAsGroup(source, GROUP.topic, GROUP.id, { maxMessages: GROUP.reads });
}

/**
 * The seed's mm2.properties (test/fixtures/seed-mm2.properties) with this environment's addresses and
 * logins; replication factor 1 (one broker here) and 5-second refreshes, so the test is quick.
 */
export function writeSeedMm2Properties(dir: string, source: KafkaCluster, target: KafkaCluster): string {
  const login = (c: KafkaCluster) => `org.apache.kafka.common.security.plain.PlainLoginModule required username="${c.sasl?.admin.username}" password="${c.sasl?.admin.password}";`;
  const file = join(dir, 'mm2.properties');
  writeFileSync(file, `name = event-center-connector
connector.class = org.apache.kafka.connect.mirror.MirrorSourceConnector
tasks.max = 2
clusters = event-center, event-center-new
event-center.bootstrap.servers = ${source.bootstrap}
event-center.security.protocol=SASL_PLAINTEXT
event-center.sasl.mechanism=PLAIN
event-center.sasl.jaas.config=${login(source)}
event-center-new.bootstrap.servers = ${target.bootstrap}
event-center-new.security.protocol=SASL_PLAINTEXT
event-center-new.sasl.mechanism=PLAIN
event-center-new.sasl.jaas.config=${login(target)}
event-center->event-center-new.enabled = true
event-center->event-center-new.topics = projects.*
event-center->event-center-new.groups = .*
checkpoints.topic.replication.factor=1
heartbeats.topic.replication.factor=1
offset-syncs.topic.replication.factor=1
sync.topic.configs.enabled=true
sync.topic.acls.enabled=true
sync.group.offsets.enabled=true
emit.heartbeats.enabled=true
emit.checkpoints.enabled=true
refresh.topics.enabled=true
refresh.topics.interval.seconds=5
refresh.groups.enabled=true
refresh.groups.interval.seconds=5
replication.policy.class=org.apache.kafka.connect.mirror.CustomReplicationPolicy
replication.factor=1
`, { mode: 0o600 });
  return file;
}
