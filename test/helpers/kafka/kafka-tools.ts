import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isZooKeeperEra, securityProtocol } from './broker-config.ts';
import { kafkaLibs, type KafkaCluster } from './kafka-cluster.ts';

const run = promisify(execFile);

/**
 * Kafka's own command-line tools, run from the cluster's own jars: the judge in tests, since they share
 * no code with the project.
 */
export async function kafkaTool(cluster: KafkaCluster, mainClass: string, args: string[]): Promise<string> {
  const { stdout } = await run('java', ['-Xmx256m', '-cp', kafkaLibs(cluster.version), mainClass, ...args], { timeout: 120_000, maxBuffer: 1 << 28 });
  return stdout;
}

/** A client properties file for the tools: the admin's SASL login and the cluster's TLS stores, or nothing on a plaintext cluster. */
export function adminClientConfig(cluster: KafkaCluster): string {
  const file = join(cluster.dir, 'admin-client.properties');
  const mechanism = cluster.saslMechanism ?? 'PLAIN';
  const loginModule = mechanism === 'PLAIN' ? 'org.apache.kafka.common.security.plain.PlainLoginModule' : 'org.apache.kafka.common.security.scram.ScramLoginModule';
  const sasl = cluster.sasl
    ? [
        `sasl.mechanism=${mechanism}`,
        `sasl.jaas.config=${loginModule} required username="${cluster.sasl.admin.username}" password="${cluster.sasl.admin.password}";`,
      ]
    : [];
  const tls = cluster.tls
    ? [
        'ssl.truststore.type=PKCS12',
        `ssl.truststore.location=${cluster.tls.truststoreFile}`,
        `ssl.truststore.password=${cluster.tls.storePassword}`,
        ...(cluster.tls.mutual
          ? ['ssl.keystore.type=PKCS12', `ssl.keystore.location=${cluster.tls.clientKeystoreFile}`, `ssl.keystore.password=${cluster.tls.storePassword}`, `ssl.key.password=${cluster.tls.storePassword}`]
          : []),
      ]
    : [];
  const lines = cluster.sasl || cluster.tls ? [`security.protocol=${securityProtocol(cluster)}`, ...sasl, ...tls] : [];
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export const topicCommandClass = (version: string): string => (isZooKeeperEra(version) ? 'kafka.admin.TopicCommand' : 'org.apache.kafka.tools.TopicCommand');

export async function createTopicWithTool(cluster: KafkaCluster, topic: string, partitions: number, configs: Record<string, string> = {}): Promise<void> {
  const configArgs = Object.entries(configs).flatMap(([k, v]) => ['--config', `${k}=${v}`]);
  await kafkaTool(cluster, topicCommandClass(cluster.version), [
    '--bootstrap-server', cluster.bootstrap, '--command-config', adminClientConfig(cluster),
    '--create', '--topic', topic, '--partitions', String(partitions), '--replication-factor', '1', ...configArgs,
  ]);
}

/** Deletes `topic` with Kafka's TopicCommand and waits until the cluster no longer lists it. */
export async function deleteTopicWithTool(cluster: KafkaCluster, topic: string): Promise<void> {
  const admin = ['--bootstrap-server', cluster.bootstrap, '--command-config', adminClientConfig(cluster)];
  await kafkaTool(cluster, topicCommandClass(cluster.version), [...admin, '--delete', '--topic', topic]);
  for (let attempt = 0; attempt < 30; attempt++) {
    const listed = await kafkaTool(cluster, topicCommandClass(cluster.version), [...admin, '--list']);
    if (!listed.split('\n').includes(topic)) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`${topic} is still listed 30 s after its deletion`);
}

/** Deletes the records of `topic`'s `partition` below `offset` with Kafka's DeleteRecordsCommand, as retention would. */
export async function deleteRecordsWithTool(cluster: KafkaCluster, topic: string, partition: number, offset: number): Promise<void> {
  const file = join(cluster.dir, `delete-records-${topic}-${partition}.json`);
  writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic, partition, offset }] }));
  const mainClass = isZooKeeperEra(cluster.version) ? 'kafka.admin.DeleteRecordsCommand' : 'org.apache.kafka.tools.DeleteRecordsCommand';
  await kafkaTool(cluster, mainClass, ['--bootstrap-server', cluster.bootstrap, '--command-config', adminClientConfig(cluster), '--offset-json-file', file]);
}
