import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { validateMirrorJob } from '../api/index.ts';
import { jobIdOf } from '../job/job-identity.ts';
import { ClusterLink, PlatformaticAdmin } from '../kafka/index.ts';
import { SupersededError } from '../replication/generation.ts';
import { recordsBehind } from '../replication/partition-state.ts';
import { FencedError } from '../replication/sink/refusals.ts';
import { startHealthServer } from '../runtime/health-server.ts';
import type { Logger } from '../runtime/logger.ts';
import { resolveClusterAccess } from '../session/cluster-access.ts';
import { JobSession } from '../session/job-session.ts';
import { replicateWithRetry, shown, type Standing } from '../session/replicate-with-retry.ts';
import { directorySecretReader } from '../session/secret-reader.ts';
import type { SyncPassFailure, SyncRoundResult } from '../sync/metadata-sync.ts';
import { emptySyncSummary, summarizeSyncRound, type SyncSummary } from '../sync/sync-summary.ts';
import type { WorkerEnvironment } from './worker-environment.ts';

/**
 * A worker process: reads its job, serves metrics and health, and replicates its share until SIGTERM.
 * A superseded or fenced worker does not exit (a restart would only be fenced again): it stays up,
 * not ready, saying why, until Kubernetes replaces it.
 */
export async function runWorker(env: WorkerEnvironment, logger: Logger, signal: AbortSignal): Promise<void> {
  const { jobFile, workerIndex: index, revision } = env;
  const validation = validateMirrorJob(JSON.parse(await readFile(jobFile, 'utf8')));
  if (!validation.ok) throw new Error(`invalid MirrorJob in ${jobFile}: ${validation.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const job = validation.job;
  const jobId = jobIdOf(job);
  const secrets = directorySecretReader(env.secretsDir);
  const sourceAccess = await resolveClusterAccess(job.spec.source, secrets);
  const targetAccess = await resolveClusterAccess(job.spec.target, secrets);
  const source = new ClusterLink(sourceAccess, `kafka-mirror-${jobId}-w${index}-source`);
  const target = new ClusterLink(targetAccess, `kafka-mirror-${jobId}-w${index}-target`);
  // Worker 0 also runs the job's metadata sync, through the admin port.
  const admins = index === 0 ? { source: new PlatformaticAdmin({ ...sourceAccess, clientId: `kafka-mirror-${jobId}-sync-source` }), target: new PlatformaticAdmin({ ...targetAccess, clientId: `kafka-mirror-${jobId}-sync-target` }) } : undefined;

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const session = new JobSession({ job, worker: { index, revision }, source: { link: source, admin: admins?.source }, target: { link: target, admin: admins?.target }, logger, registry });
  const { replicator, config } = session;
  let lastSync: SyncRoundResult | undefined;
  let lastSyncFailure: SyncPassFailure | undefined;
  const syncHooks = {
    round(round: SyncRoundResult) {
      lastSync = round;
      lastSyncFailure = undefined;
    },
    failed: (failure: SyncPassFailure) => (lastSyncFailure = failure),
  };
  let standing: Standing = { state: 'Starting' };
  const server: Server = await startHealthServer(env.metricsPort, env.podIp, registry, () => {
    const now = shown(standing, replicator);
    return {
      ready: now.state === 'Running' && replicator.ready,
      detail: {
        ...now,
        worker: index,
        revision,
        assigned: [...replicator.partitions.keys()].sort(),
        recordsBehind: [...replicator.partitions.values()].reduce((n, p) => n + recordsBehind(p), 0),
        ...(replicator.lagMeasuredAt === undefined ? {} : { lagMeasuredAt: new Date(replicator.lagMeasuredAt).toISOString() }),
        recordsCopied: replicator.totals.records,
        stopped: [...replicator.partitions.values()].filter((p) => p.stopped).map((p) => ({ ...p.source, ...p.stopped })),
        ...syncDetail(lastSync, lastSyncFailure),
      },
    };
  });
  logger.info({ job: config.jobId, worker: index, workers: config.workerCount, revision, delivery: config.delivery }, 'worker starting');
  try {
    // A Kafka failure is no reason to exit: Kubernetes would only restart the worker into the same
    // failure, a crash loop. The worker stays up, not ready, says why, and retries with backoff.
    const retry = { logger, links: { source, target }, access: { source: sourceAccess, target: targetAccess }, setStanding: (next: Standing) => (standing = next) };
    await session.run(signal, syncHooks, (r, s) => replicateWithRetry(r, s, retry));
    logger.info({ records: replicator.totals.records }, 'worker stopped cleanly');
  } catch (err) {
    if (!(err instanceof SupersededError || err instanceof FencedError)) throw err;
    standing = { state: 'Idle', reason: err.message };
    logger.warn({ reason: err.message }, 'worker idle until replaced');
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  } finally {
    await Promise.allSettled([source.close(), target.close(), admins?.source.close(), admins?.target.close()]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * /status `detail.sync`: the last finished round, and the failure of the latest pass when it failed
 * after that round. Before any round finished, a failed pass still shows (with zero counts), so the
 * operator can say why nothing is synced.
 */
function syncDetail(round: SyncRoundResult | undefined, failure: SyncPassFailure | undefined): { sync?: SyncSummary } {
  const lastFailure = failure && { at: failure.at.toISOString(), error: failure.error };
  if (round) return { sync: { ...summarizeSyncRound(round), ...(lastFailure && { lastFailure }) } };
  return lastFailure ? { sync: { ...emptySyncSummary(), lastFailure } } : {};
}
