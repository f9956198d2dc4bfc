import { isZooKeeperEra } from './broker-config.ts';
import type { KafkaCluster } from './kafka-cluster.ts';
import { adminClientConfig, kafkaTool } from './kafka-tools.ts';

const consumerGroupCommandClass = (version: string): string => (isZooKeeperEra(version) ? 'kafka.admin.ConsumerGroupCommand' : 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand');

/**
 * The offsets `group` committed for `topic`, by partition, as Kafka's own kafka-consumer-groups tool
 * describes them (a partition without a commit is absent).
 */
export async function committedOffsets(cluster: KafkaCluster, group: string, topic: string): Promise<Map<number, number>> {
  const out = await kafkaTool(cluster, consumerGroupCommandClass(cluster.version), [
    '--bootstrap-server', cluster.bootstrap, '--command-config', adminClientConfig(cluster), '--describe', '--offsets', '--group', group,
  ]);
  // Columns: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...; "-" when nothing is committed.
  const offsets = new Map<number, number>();
  for (const line of out.split('\n')) {
    const [g, t, partition, current] = line.trim().split(/\s+/);
    if (g === group && t === topic && current && /^\d+$/.test(current)) offsets.set(Number(partition), Number(current));
  }
  return offsets;
}
