import { isZooKeeperEra } from './broker-config.ts';
import type { KafkaCluster } from './kafka-cluster.ts';
import { adminClientConfig, kafkaTool } from './kafka-tools.ts';
import { waitFor } from '../processes.ts';

const consumerGroupCommandClass = (version: string): string => (isZooKeeperEra(version) ? 'kafka.admin.ConsumerGroupCommand' : 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand');

/**
 * The offsets `group` committed for `topic`, by partition, as Kafka's own kafka-consumer-groups tool
 * describes them (a partition without a commit is absent).
 */
export async function committedOffsets(cluster: KafkaCluster, group: string, topic: string): Promise<Map<number, number>> {
  // The tool prints a failure ("Error: ... TimeoutException ... FIND_COORDINATOR", seen on a loaded
  // broker) to stdout and exits 0: read as "no offsets" it would look like a group that committed
  // nothing. A failure is asked again, with more than the tool's default 5 s per call.
  const out = await waitFor(`the offsets of group ${group} on ${cluster.name}`, async () => {
    const text = await kafkaTool(cluster, consumerGroupCommandClass(cluster.version), [
      '--bootstrap-server', cluster.bootstrap, '--command-config', adminClientConfig(cluster), '--describe', '--offsets', '--group', group, '--timeout', '30000',
    ]);
    if (/^Error:/m.test(text)) throw new Error(text.trim());
    return text;
  }, { timeoutMs: 180_000, intervalMs: 2_000 });
  // Columns: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...; "-" when nothing is committed.
  const offsets = new Map<number, number>();
  for (const line of out.split('\n')) {
    const [g, t, partition, current] = line.trim().split(/\s+/);
    if (g === group && t === topic && current && /^\d+$/.test(current)) offsets.set(Number(partition), Number(current));
  }
  return offsets;
}

/**
 * Commits `group`'s offsets of every partition of `topic` with Kafka's own kafka-consumer-groups tool:
 * at `to`, or at the log end. Like describe, a loaded broker can time the tool out (exit 0, "Error:"
 * on stdout); a reset is the same when done again, so a failure is asked again.
 */
export async function resetGroupOffsets(cluster: KafkaCluster, group: string, topic: string, to: number | 'log-end'): Promise<void> {
  await waitFor(`kafka-consumer-groups --reset-offsets of group ${group} on ${cluster.name}`, async () => {
    const out = await kafkaTool(cluster, consumerGroupCommandClass(cluster.version), [
      '--bootstrap-server', cluster.bootstrap, '--command-config', adminClientConfig(cluster), '--timeout', '30000',
      '--reset-offsets', '--group', group, '--topic', topic, '--execute', ...(to === 'log-end' ? ['--to-latest'] : ['--to-offset', String(to)]),
    ]);
    if (/^Error:/m.test(out)) throw new Error(out.trim());
    return true;
  }, { timeoutMs: 180_000, intervalMs: 2_000 });
}

/** The consumer groups Kafka's own kafka-consumer-groups --list shows (it leaves out groups of other protocols, as Connect's). */
export async function listedGroups(cluster: KafkaCluster): Promise<string[]> {
  const out = await kafkaTool(cluster, consumerGroupCommandClass(cluster.version), ['--bootstrap-server', cluster.bootstrap, '--command-config', adminClientConfig(cluster), '--list']);
  return out.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}
