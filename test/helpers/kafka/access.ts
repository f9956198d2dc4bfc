import { readFileSync } from 'node:fs';
import type { ClusterAccess } from '../../../src/kafka/cluster-link.ts';
import type { KafkaCluster } from './kafka-cluster.ts';

/**
 * How the project's code reaches a test cluster: as its admin user on SASL clusters, trusting the
 * cluster's CA (and presenting the client certificate) on TLS clusters, with PEMs inline as Secrets give them.
 */
export function accessOf(cluster: KafkaCluster, user?: { username: string; password: string }): ClusterAccess {
  const login = user ?? cluster.sasl?.admin;
  const tls = cluster.tls;
  return {
    bootstrapServers: [cluster.bootstrap],
    ...(cluster.sasl && login ? { sasl: { mechanism: cluster.saslMechanism ?? ('PLAIN' as const), username: login.username, password: login.password } } : {}),
    ...(tls
      ? {
          tls: {
            ca: { pem: readFileSync(tls.caFile, 'utf8') },
            ...(tls.mutual ? { cert: { pem: readFileSync(tls.clientCertFile, 'utf8') }, key: { pem: readFileSync(tls.clientKeyFile, 'utf8') } } : {}),
          },
        }
      : {}),
  };
}
