import { memoized, sharedService } from '../shared-service.ts';
import { clusterSpecName, parseClusterSpec, startKafkaCluster, type KafkaCluster, type KafkaClusterSpec } from './kafka-cluster.ts';

/**
 * The clusters of a test run, started on first use and shared by every test file.
 * KMO_SOURCE_KAFKA and KMO_TARGET_KAFKA pick the source/target pair (default: 3.9.1 with SASL and ACLs
 * as the source, 4.1.2 as the target); the 2.6.0 ZooKeeper cluster is always at hand as `legacyKafka`.
 */
export const sourceSpec = (): KafkaClusterSpec => parseClusterSpec(process.env.KMO_SOURCE_KAFKA ?? '3.9.1+sasl');
export const targetSpec = (): KafkaClusterSpec => parseClusterSpec(process.env.KMO_TARGET_KAFKA ?? '4.1.2');
export const legacySpec = (): KafkaClusterSpec => parseClusterSpec(process.env.KMO_LEGACY_KAFKA ?? '2.6.0');

export const kafkaCluster = (spec: KafkaClusterSpec): Promise<KafkaCluster> =>
  sharedService(clusterSpecName(spec), (dir) => startKafkaCluster(spec, dir));

export const sourceKafka = memoized(() => kafkaCluster(sourceSpec()));
export const targetKafka = memoized(() => kafkaCluster(targetSpec()));
export const legacyKafka = memoized(() => kafkaCluster(legacySpec()));

/** A topic name no other test uses. */
export function uniqueTopic(prefix = 'test'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
