import type { ClusterConnection } from '../api/index.ts';
import type { ClusterAccess } from '../kafka/index.ts';
import type { SecretReader } from './secret-reader.ts';

/** Turns a MirrorJob's cluster connection and its Secret references into what the Kafka client needs. */
export async function resolveClusterAccess(connection: ClusterConnection, secrets: SecretReader): Promise<ClusterAccess> {
  const access: ClusterAccess = { bootstrapServers: connection.bootstrapServers };
  if (connection.sasl) {
    const ref = connection.sasl.credentialsSecretRef;
    access.sasl = {
      mechanism: connection.sasl.mechanism,
      username: (await secrets.read(ref.name, ref.usernameKey)).trim(),
      password: (await secrets.read(ref.name, ref.passwordKey)).replace(/\r?\n$/, ''),
    };
  }
  if (connection.tls) {
    const { caSecretRef, clientCertSecretRef } = connection.tls;
    access.tls = {
      ...(caSecretRef ? { ca: { pem: await secrets.read(caSecretRef.name, caSecretRef.key) } } : {}),
      ...(clientCertSecretRef
        ? {
            cert: { pem: await secrets.read(clientCertSecretRef.name, clientCertSecretRef.certificateKey) },
            key: { pem: await secrets.read(clientCertSecretRef.name, clientCertSecretRef.privateKeyKey) },
          }
        : {}),
    };
  }
  return access;
}
