import type { ClusterAccess } from '../../../src/kafka/wire/cluster-link.ts';
import type { KafkaCluster } from './kafka-cluster.ts';

/** How the project's code reaches a test cluster: as its admin user on SASL clusters. */
export function accessOf(cluster: KafkaCluster, user?: { username: string; password: string }): ClusterAccess {
  const login = user ?? cluster.sasl?.admin;
  return {
    bootstrapServers: [cluster.bootstrap],
    ...(cluster.sasl && login ? { sasl: { mechanism: 'PLAIN' as const, username: login.username, password: login.password } } : {}),
  };
}
