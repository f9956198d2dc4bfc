import type { KafkaCluster } from './kafka-cluster.ts';
import { adminClientConfig, kafkaTool } from './kafka-tools.ts';

/** The coordinator's view of a transactional id, by Kafka's own kafka-transactions tool. */
export async function describeTransaction(cluster: KafkaCluster, transactionalId: string): Promise<{ epoch: number; state: string }> {
  const out = await kafkaTool(cluster, 'org.apache.kafka.tools.TransactionsCommand', ['--bootstrap-server', cluster.bootstrap, '--command-config', adminClientConfig(cluster), 'describe', '--transactional-id', transactionalId]);
  const [header, row] = out.trim().split('\n').map((l) => l.trim().split(/\s+/));
  const field = (name: string) => row![header!.indexOf(name)]!;
  return { epoch: Number(field('ProducerEpoch')), state: field('TransactionState') };
}
