import type { ClusterConnection, MirrorJob } from '../src/api/index.ts';

function secretsOf(connection: ClusterConnection): string[] {
  const names: string[] = [];
  if (connection.sasl) names.push(connection.sasl.credentialsSecretRef.name);
  if (connection.tls?.caSecretRef) names.push(connection.tls.caSecretRef.name);
  if (connection.tls?.clientCertSecretRef) names.push(connection.tls.clientCertSecretRef.name);
  return names;
}

/** Every Secret the job references, once each, sorted: the order volumes and hashes are built in. */
export function referencedSecretNames(job: Pick<MirrorJob, 'spec'>): string[] {
  return [...new Set([...secretsOf(job.spec.source), ...secretsOf(job.spec.target)])].sort();
}

/** The worker Pod's volume for each referenced Secret; volume names are DNS labels, Secret names may not be. */
export function secretVolumes(job: Pick<MirrorJob, 'spec'>, secretsDir: string): Array<{ volumeName: string; secretName: string; mountPath: string }> {
  return referencedSecretNames(job).map((secretName, index) => ({ volumeName: `secret-${index}`, secretName, mountPath: `${secretsDir}/${secretName}` }));
}
