import { isZooKeeperEra } from './broker-config.ts';
import type { KafkaCluster } from './kafka-cluster.ts';
import { adminClientConfig, kafkaTool } from './kafka-tools.ts';

/**
 * Each partition's end offset (high watermark) of `topic`, as Kafka's own GetOffsetShell lists it. The
 * end counts every offset the log used, transaction markers and aborted records included, so the end
 * minus the records a read_committed reader sees is the number of offsets spent on markers and aborts.
 * Brokers of 3.x and later only (the tool's class and options differ before).
 */
export async function endOffsets(cluster: KafkaCluster, topic: string): Promise<Map<number, number>> {
  if (isZooKeeperEra(cluster.version)) throw new Error(`endOffsets reads ${cluster.version} brokers' offsets with the 3.x tool; not supported`);
  // --topic takes a regular expression: match this topic's name only.
  const pattern = `^${topic.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const out = await kafkaTool(cluster, 'org.apache.kafka.tools.GetOffsetShell', [
    '--bootstrap-server', cluster.bootstrap, '--command-config', adminClientConfig(cluster), '--topic', pattern, '--time', '-1',
  ]);
  const ends = new Map<number, number>();
  for (const line of out.split('\n').filter(Boolean)) {
    // topic:partition:offset; a topic name cannot contain ':'.
    const [, partition, offset] = line.split(':');
    ends.set(Number(partition), Number(offset));
  }
  return ends;
}
