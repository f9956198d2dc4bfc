import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { runSubdir } from '../../helpers/run-dir.ts';
import type { JobFiles as WorkerJobFiles } from '../../helpers/replication/worker-process.ts';
import { exactly } from '../cli/cli-harness.ts';

/** What a test may get wrong on purpose: a password or a CA file that does not fit the cluster. */
export interface SideOverrides {
  password?: string;
  caFile?: string;
  /** Leave the client certificate out although the cluster requires one. */
  noClientCert?: boolean;
  /** Another client certificate and key than the cluster's own (e.g. an expired one). */
  clientCert?: { certFile: string; keyFile: string };
}

/** A MirrorJob over TLS and/or SASL, its Secrets as a folder (workers) and as manifests (CLI). */
export interface SecurityJob extends WorkerJobFiles {
  name: string;
  /** The job as YAML and the Secret manifests, for `kafka-mirror -f ... --secrets ...`. */
  cliArgs: string[];
}

type Secret = Record<string, string>;

/** One side's connection and the Secrets it references: SASL login, and a kubernetes.io/tls-shaped Secret. */
function side(cluster: KafkaCluster, prefix: string, o: SideOverrides): { connection: Record<string, unknown>; secrets: Record<string, Secret> } {
  const secrets: Record<string, Secret> = {};
  const connection: Record<string, unknown> = { bootstrapServers: [cluster.bootstrap] };
  if (cluster.sasl) {
    secrets[`${prefix}-login`] = { username: cluster.sasl.admin.username, password: o.password ?? cluster.sasl.admin.password };
    connection.sasl = { mechanism: cluster.saslMechanism ?? 'PLAIN', credentialsSecretRef: { name: `${prefix}-login` } };
  }
  if (cluster.tls) {
    const tls: Secret = { 'ca.crt': readFileSync(o.caFile ?? cluster.tls.caFile, 'utf8') };
    const mutual = cluster.tls.mutual && !o.noClientCert;
    if (mutual) {
      tls['tls.crt'] = readFileSync(o.clientCert?.certFile ?? cluster.tls.clientCertFile, 'utf8');
      tls['tls.key'] = readFileSync(o.clientCert?.keyFile ?? cluster.tls.clientKeyFile, 'utf8');
    }
    secrets[`${prefix}-tls`] = tls;
    connection.tls = { caSecretRef: { name: `${prefix}-tls` }, ...(mutual ? { clientCertSecretRef: { name: `${prefix}-tls` } } : {}) };
  }
  return { connection, secrets };
}

export function writeSecurityJob(source: KafkaCluster, target: KafkaCluster, topics: string[], overrides: { source?: SideOverrides; target?: SideOverrides } = {}): SecurityJob {
  const name = `sec-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const dir = runSubdir('security-jobs', name);
  const src = side(source, 'source', overrides.source ?? {});
  const dst = side(target, 'target', overrides.target ?? {});
  const job = {
    apiVersion: 'kafkamirror.io/v1alpha1',
    kind: 'MirrorJob',
    metadata: { name, namespace: 'test' },
    spec: { source: src.connection, target: dst.connection, topics: { include: topics.map(exactly) }, replication: { workers: 1, delivery: 'ExactlyOnce' }, syncIntervalSeconds: 2 },
  };
  const secrets = { ...src.secrets, ...dst.secrets };
  // As mounted Secret volumes: <dir>/<secret>/<key>.
  const secretsDir = join(dir, 'secrets');
  for (const [secret, data] of Object.entries(secrets)) {
    mkdirSync(join(secretsDir, secret), { recursive: true });
    for (const [key, value] of Object.entries(data)) writeFileSync(join(secretsDir, secret, key), value);
  }
  // As manifests: `data` base64-encoded, the way `kubectl get secret -o yaml` shows a TLS Secret.
  const manifests = Object.entries(secrets).map(([secret, data]) =>
    stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: secret }, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) }),
  );
  const jobFile = join(dir, 'job.json');
  const jobYaml = join(dir, 'job.yaml');
  const secretsFile = join(dir, 'secrets.yaml');
  writeFileSync(jobFile, JSON.stringify(job, null, 2));
  writeFileSync(jobYaml, stringify(job));
  writeFileSync(secretsFile, manifests.join('---\n'));
  return { name, jobFile, secretsDir, cliArgs: ['-f', jobYaml, '--secrets', secretsFile] };
}
