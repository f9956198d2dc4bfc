import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { logLevelVariable, optionalText, parseEnvironment, portNumber, wholeNumber, type LogLevel } from '../src/runtime/environment.ts';
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
  logLevel: LogLevel;
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
/** The chart's heapMiB default (charts/kafka-mirror-operator/values.yaml); the tests and the bench run the operator with it. */
export const OPERATOR_DEFAULT_HEAP_MIB = 192;
const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** `kafka-mirror-operator:<package version>`: the image this operator was released in. */
export function defaultWorkerImage(): string {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };
  return `${pkg.name}:${pkg.version}`;
}

/** The operator's own namespace when no variable says it: the one its ServiceAccount token was issued in. */
function serviceAccountNamespace(): string {
  return existsSync(SERVICE_ACCOUNT_NAMESPACE) ? readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() : 'default';
}

const schema = z.object({
  [Env.workerImage]: optionalText(),
  [Env.watchNamespace]: optionalText(),
  [Env.leaseNamespace]: optionalText(),
  [Env.leaderElection]: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  [Env.metricsPort]: portNumber().default(OPERATOR_METRICS_PORT),
  [Env.metricsHost]: optionalText(),
  [Env.resyncSeconds]: wholeNumber(1).default(15),
  [Env.podName]: optionalText(),
  [Env.podNamespace]: optionalText(),
  ...logLevelVariable,
});

/** The operator's settings from its environment, parsed once; throws naming each wrong variable. */
export function operatorConfigFromEnv(env: NodeJS.ProcessEnv): OperatorConfig {
  const vars = parseEnvironment(schema, env);
  return {
    workerImage: vars[Env.workerImage] ?? defaultWorkerImage(),
    watchNamespace: vars[Env.watchNamespace],
    leaseNamespace: vars[Env.leaseNamespace] ?? vars[Env.podNamespace] ?? serviceAccountNamespace(),
    leaseName: 'kafka-mirror-operator',
    leaderElection: vars[Env.leaderElection] === 'true',
    identity: `${vars[Env.podName] ?? hostname()}_${randomBytes(4).toString('hex')}`,
    metricsPort: vars[Env.metricsPort],
    metricsHost: vars[Env.metricsHost],
    resyncMs: vars[Env.resyncSeconds] * 1000,
    progressTimeoutMs: 20_000,
    concurrency: 4,
    leaseTimings: defaultLeaseTimings,
    logLevel: vars.LOG_LEVEL,
  };
}
