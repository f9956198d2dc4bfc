import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { kafkaTool, adminClientConfig } from '../../helpers/kafka/kafka-tools.ts';
import { kcatReadAll } from '../../helpers/kafka/kcat.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { writeSyncJobFiles } from '../../helpers/sync/sync-job.ts';
import type { JobFiles } from '../../helpers/replication/worker-process.ts';
import { adminOf } from '../../helpers/sync/sync-job.ts';
import type { Grantee } from './documented-grants.ts';

/** Every least-privilege job mirrors topics under this prefix, the `TOPICS` of docs/acls.md's block. */
export const TOPIC_PREFIX = 'lp.';

/**
 * One job's world, named after its case: two source topics and a group, so that one sync round needs
 * every kind of action: `a` is created on the target (with its config) and gets its ACL and group
 * offset; `b` already exists on the target with fewer partitions and no config, so it needs
 * CreatePartitions and AlterConfigs.
 */
export interface EveryFeatureJob {
  key: string;
  grantee: Grantee;
  topics: { a: string; b: string };
  group: string;
  /** Source offset the group committed on `a` partition 0. */
  committed: number;
}

export const RECORDS_PER_PARTITION = 10;
const COMMITTED = 5;
export const A_CONFIG = { 'retention.ms': '3600000' };
export const B_CONFIG = { 'max.message.bytes': '200000' };

export function everyFeatureJob(key: string, username: string): EveryFeatureJob {
  return {
    key,
    grantee: { username, jobId: `test.lp-${key}`, topicPrefix: TOPIC_PREFIX },
    topics: { a: `${TOPIC_PREFIX}${key}.a`, b: `${TOPIC_PREFIX}${key}.b` },
    group: `${TOPIC_PREFIX}${key}.group`,
    committed: COMMITTED,
  };
}

/** Creates the job's source topics, records, topic ACL and group (as the admin), and the stale `b` on the target. */
export async function seed(source: KafkaCluster, target: KafkaCluster, job: EveryFeatureJob): Promise<void> {
  const sourceAdmin = adminOf(source, 'lp-seed');
  const targetAdmin = adminOf(target, 'lp-seed');
  try {
    await sourceAdmin.createTopics([
      { name: job.topics.a, partitions: 2, replicationFactor: 1, configs: A_CONFIG },
      { name: job.topics.b, partitions: 2, replicationFactor: 1, configs: B_CONFIG },
    ]);
    await targetAdmin.createTopics([{ name: job.topics.b, partitions: 1, replicationFactor: 1, configs: {} }]);
    for (const topic of Object.values(job.topics)) {
      const records = Array.from({ length: 2 * RECORDS_PER_PARTITION }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: `${topic}-${i}` }));
      await produceRecords(source, topic, records);
    }
    await sourceAdmin.createAcls([{ resourceType: 'Topic', resourceName: job.topics.a, patternType: 'Literal', principal: 'User:alice', host: '*', operation: 'Read', permission: 'Allow' }]);
    await sourceAdmin.alterGroupOffsets(job.group, [{ topic: job.topics.a, partition: 0, offset: BigInt(job.committed) }]);
  } finally {
    await Promise.all([sourceAdmin.close(), targetAdmin.close()]);
  }
}

/** The worker's job: every feature on (the defaults), only this job's topics and group, as the grantee. */
export function writeEveryFeatureJob(source: KafkaCluster, target: KafkaCluster, job: EveryFeatureJob, delivery: 'ExactlyOnce' | 'AtLeastOnce', password: string): JobFiles {
  const exact = (name: string) => name.replace(/[.]/g, '\\.');
  return writeSyncJobFiles(`lp-${job.key}`, source, target, Object.values(job.topics), {
    configs: { sync: true },
    acls: { sync: true },
    groups: { syncOffsets: true, include: [exact(job.group)] },
  }, { delivery, user: { username: job.grantee.username, password } });
}

// The judges: Kafka's own tools and kcat, as the admin.

/** A topic's own config values on the target, as kafka-configs --describe lists them. */
export async function targetTopicConfigs(target: KafkaCluster, topic: string): Promise<Record<string, string>> {
  const out = await kafkaTool(target, 'kafka.admin.ConfigCommand', ['--bootstrap-server', target.bootstrap, '--command-config', adminClientConfig(target), '--describe', '--entity-type', 'topics', '--entity-name', topic]);
  return Object.fromEntries([...out.matchAll(/^\s+([a-z.]+)=(\S*) sensitive=/gm)].map((m) => [m[1]!, m[2]!]));
}

/** A topic's ACLs on the target, as kafka-acls --list prints them: "User:alice ALLOW READ". */
export async function targetTopicAcls(target: KafkaCluster, topic: string): Promise<string[]> {
  const out = await kafkaTool(target, 'org.apache.kafka.tools.AclCommand', ['--bootstrap-server', target.bootstrap, '--command-config', adminClientConfig(target), '--list', '--topic', topic]);
  return [...out.matchAll(/principal=(\S+), host=\S+, operation=(\w+), permissionType=(\w+)/g)].map((m) => `${m[1]} ${m[3]} ${m[2]}`).sort();
}

/** The group's committed offset for `topic` partition 0 on the target, as kafka-consumer-groups --describe shows it. */
export async function targetCommittedOffset(target: KafkaCluster, group: string, topic: string): Promise<number | undefined> {
  const out = await kafkaTool(target, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', target.bootstrap, '--command-config', adminClientConfig(target), '--describe', '--group', group]);
  const row = out.split('\n').map((l) => l.trim().split(/\s+/)).find((cols) => cols[0] === group && cols[1] === topic && cols[2] === '0');
  return row?.[3] !== undefined && /^\d+$/.test(row[3]) ? Number(row[3]) : undefined;
}

/** The value of the record at `offset` of partition 0, read by kcat. */
export async function valueAt(cluster: KafkaCluster, topic: string, offset: number): Promise<string | null | undefined> {
  return (await kcatReadAll(cluster, topic)).find((r) => r.partition === 0 && r.offset === offset)?.payload;
}
