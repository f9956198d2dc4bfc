import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { defaultLeaseTimings } from './leader-election.ts';

/** The operator's settings; from environment variables in the image (see operatorConfigFromEnv). */
export interface OperatorConfig {
  /** Image of the worker Pods (the operator's own image: one image, two entrypoints). */
  workerImage: string;
  /** Only MirrorJobs of this namespace; all namespaces when undefined. */
  watchNamespace: string | undefined;
  /** Where the leader-election Lease lives: the operator's own namespace. */
  leaseNamespace: string;
  leaseName: string;
  leaderElection: boolean;
  /** This process in the Lease: the Pod name plus a random suffix (a restarted Pod is a new candidate). */
  identity: string;
  /** /metrics, /healthz, /readyz; 0 picks a free port (tests). */
  metricsPort: number;
  metricsHost: string | undefined;
  resyncMs: number;
  progressTimeoutMs: number;
  concurrency: number;
  leaseTimings: typeof defaultLeaseTimings;
}

export const Env = {
  workerImage: 'KMO_WORKER_IMAGE',
  watchNamespace: 'KMO_WATCH_NAMESPACE',
  leaseNamespace: 'KMO_LEASE_NAMESPACE',
  leaderElection: 'KMO_LEADER_ELECTION',
  metricsPort: 'KMO_OPERATOR_METRICS_PORT',
  metricsHost: 'KMO_OPERATOR_METRICS_HOST',
  resyncSeconds: 'KMO_RESYNC_SECONDS',
  podName: 'POD_NAME',
  podNamespace: 'POD_NAMESPACE',
} as const;

export const OPERATOR_METRICS_PORT = 8080;
const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** `kafka-mirror-operator:<package version>`: the image this operator was released in. */
export function defaultWorkerImage(): string {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };
  return `${pkg.name}:${pkg.version}`;
}

function ownNamespace(env: NodeJS.ProcessEnv): string {
  const fromEnv = env[Env.leaseNamespace] ?? env[Env.podNamespace];
  if (fromEnv) return fromEnv;
  return existsSync(SERVICE_ACCOUNT_NAMESPACE) ? readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() : 'default';
}

export function operatorConfigFromEnv(env: NodeJS.ProcessEnv): OperatorConfig {
  const port = Number(env[Env.metricsPort] ?? OPERATOR_METRICS_PORT);
  const resyncSeconds = Number(env[Env.resyncSeconds] ?? 15);
  if (!Number.isInteger(port) || port < 0) throw new Error(`${Env.metricsPort} must be a port number`);
  if (!(resyncSeconds > 0)) throw new Error(`${Env.resyncSeconds} must be a positive number of seconds`);
  return {
    workerImage: env[Env.workerImage] || defaultWorkerImage(),
    watchNamespace: env[Env.watchNamespace] || undefined,
    leaseNamespace: ownNamespace(env),
    leaseName: 'kafka-mirror-operator',
    leaderElection: env[Env.leaderElection] !== 'false',
    identity: `${env[Env.podName] ?? hostname()}_${randomBytes(4).toString('hex')}`,
    metricsPort: port,
    metricsHost: env[Env.metricsHost] || undefined,
    resyncMs: resyncSeconds * 1000,
    progressTimeoutMs: 20_000,
    concurrency: 4,
    leaseTimings: defaultLeaseTimings,
  };
}
