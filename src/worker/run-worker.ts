import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { validateMirrorJob } from '../api/index.ts';
import { resolveClusterAccess } from '../config/cluster-access.ts';
import { jobIdOf, replicationConfigOf } from '../config/replication-config.builder.ts';
import { directorySecretReader } from '../config/secret-reader.ts';
import { ClusterLink } from '../kafka/wire/cluster-link.ts';
import type { Logger } from '../logging/logger.ts';
import { startHealthServer } from '../metrics/health-server.ts';
import { ReplicationMetrics } from '../metrics/replication.metrics.ts';
import { SupersededError } from '../replication/generation.ts';
import { recordsBehind, type PartitionState } from '../replication/partition-state.ts';
import { FencedError, Replicator } from '../replication/replicator.ts';
import { ordinalOf, WORKER_METRICS_PORT, WORKER_SECRETS_DIR, WorkerEnv } from './worker-contract.ts';

/** Why the worker does not copy, when it does not: shown on /status and /readyz. */
type Standing = { state: 'Starting' } | { state: 'Running' } | { state: 'Idle'; reason: string };

/**
 * A worker process: reads its job, serves metrics and health, and replicates its share until SIGTERM.
 * A superseded or fenced worker does not exit (a restart would only be fenced again): it stays up,
 * not ready, saying why, until Kubernetes replaces it.
 */
export async function runWorker(env: NodeJS.ProcessEnv, logger: Logger, signal: AbortSignal): Promise<void> {
  const jobFile = required(env, WorkerEnv.jobFile);
  const validation = validateMirrorJob(JSON.parse(await readFile(jobFile, 'utf8')));
  if (!validation.ok) throw new Error(`invalid MirrorJob in ${jobFile}: ${validation.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const job = validation.job;
  const index = env[WorkerEnv.workerIndex] !== undefined ? Number(env[WorkerEnv.workerIndex]) : ordinalOf(env.HOSTNAME ?? '');
  if (index === undefined || !Number.isInteger(index)) throw new Error(`set ${WorkerEnv.workerIndex} or run in a StatefulSet Pod (HOSTNAME ending in -<ordinal>)`);
  const revision = Number(required(env, WorkerEnv.revision));
  const config = replicationConfigOf(job, { index, revision });
  const secrets = directorySecretReader(env[WorkerEnv.secretsDir] ?? WORKER_SECRETS_DIR);
  const source = new ClusterLink(await resolveClusterAccess(job.spec.source, secrets), `kafka-mirror-${config.jobId}-w${index}-source`);
  const target = new ClusterLink(await resolveClusterAccess(job.spec.target, secrets), `kafka-mirror-${config.jobId}-w${index}-target`);

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // The gauges read the replicator's partitions when scraped, which is only after it exists.
  const metrics: ReplicationMetrics = new ReplicationMetrics(registry, jobIdOf(job), index, (): Iterable<PartitionState> => replicator.partitions.values());

  const replicator: Replicator = new Replicator(config, { source, target, logger, metrics });
  let standing: Standing = { state: 'Starting' };
  const server: Server = await startHealthServer(Number(env[WorkerEnv.metricsPort] ?? WORKER_METRICS_PORT), env[WorkerEnv.podIp], registry, () => ({
    ready: standing.state === 'Running' && replicator.ready,
    detail: {
      ...standing,
      worker: index,
      revision,
      assigned: [...replicator.partitions.keys()].sort(),
      recordsBehind: [...replicator.partitions.values()].reduce((n, p) => n + recordsBehind(p), 0),
      recordsCopied: replicator.totals.records,
      stopped: [...replicator.partitions.values()].filter((p) => p.stopped).map((p) => ({ ...p.source, ...p.stopped })),
    },
  }));
  logger.info({ job: config.jobId, worker: index, workers: config.workerCount, revision, delivery: config.delivery }, 'worker starting');
  try {
    standing = { state: 'Running' };
    await replicator.run(signal);
    logger.info({ records: replicator.totals.records }, 'worker stopped cleanly');
  } catch (err) {
    if (!(err instanceof SupersededError || err instanceof FencedError)) throw err;
    standing = { state: 'Idle', reason: err.message };
    logger.warn({ reason: err.message }, 'worker idle until replaced');
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  } finally {
    await Promise.allSettled([source.close(), target.close()]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
