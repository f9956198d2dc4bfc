/**
 * The three clusters of the client spike: a 2.6.0 (ZooKeeper) source, a 3.9.1 SASL+ACL source and a
 * 4.1.2 target. Started with the project's own test launchers so the spike sees the brokers the tests see.
 * SPIKE_CLUSTERS=<file> (development only): the first start writes the clusters there and leaves them up
 * (dev-clusters.ts), later runs reuse them; `dev-clusters.ts stop` stops them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { startKafkaCluster, stopKafkaCluster, type KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';
import { stopAllProcesses } from '../../test/helpers/processes.ts';
import { runSubdir } from '../../test/helpers/run-dir.ts';

export interface SpikeClusters {
  legacy: KafkaCluster;
  source: KafkaCluster;
  target: KafkaCluster;
}

export async function startSpikeClusters(): Promise<SpikeClusters> {
  const reuse = process.env.SPIKE_CLUSTERS;
  if (reuse && existsSync(reuse)) return JSON.parse(readFileSync(reuse, 'utf8')) as SpikeClusters;
  // One after the other: the machine has two cores and three JVMs starting at once time out.
  const legacy = await startKafkaCluster({ version: '2.6.0' }, runSubdir('spike-2.6.0'));
  const source = await startKafkaCluster({ version: '3.9.1', sasl: true }, runSubdir('spike-3.9.1-sasl'));
  const target = await startKafkaCluster({ version: '4.1.2' }, runSubdir('spike-4.1.2'));
  const clusters = { legacy, source, target };
  if (reuse) writeFileSync(reuse, JSON.stringify(clusters, null, 2));
  return clusters;
}

/** Stops what this run started (by pid, from the run's registry) unless the clusters are kept for reuse. */
export async function stopSpikeClusters(clusters: SpikeClusters | undefined): Promise<void> {
  if (process.env.SPIKE_CLUSTERS) return;
  if (clusters) for (const c of Object.values(clusters)) await stopKafkaCluster(c).catch(() => undefined);
  await stopAllProcesses();
}
