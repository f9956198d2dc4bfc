import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from 'node:http';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { validateMirrorJob, type MirrorJob } from '../api/index.ts';
import { resolveClusterAccess } from '../session/cluster-access.ts';
import { jobIdOf } from '../job/job-identity.ts';
import { replicationConfigOf } from '../session/replication-config.builder.ts';
import { directorySecretReader } from '../session/secret-reader.ts';
import { clientCertificateDates, type ClusterAccess, ClusterLink, PlatformaticAdmin, toKafkaClientError } from '../kafka/index.ts';
import type { Logger } from '../runtime/logger.ts';
import { startHealthServer } from '../runtime/health-server.ts';
import { ReplicationMetrics } from '../metrics/replication.metrics.ts';
import { SyncMetrics } from '../metrics/sync.metrics.ts';
import { SupersededError } from '../replication/generation.ts';
import { recordsBehind, type PartitionState } from '../replication/partition-state.ts';
import { FencedError, Replicator } from '../replication/replicator.ts';
import { MetadataSync, type SyncPassFailure, type SyncRoundResult } from '../sync/metadata-sync.ts';
import { emptySyncSummary, summarizeSyncRound, type SyncSummary } from '../sync/sync-summary.ts';
import type { WorkerEnvironment } from './worker-environment.ts';

/** Why the worker does not copy, when it does not: shown on /status and /readyz. */
type Standing = { state: 'Starting'; reason?: string } | { state: 'Running' } | { state: 'Idle'; reason: string };

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
  const config = replicationConfigOf(job, { index, revision });
  const secrets = directorySecretReader(env.secretsDir);
  const sourceAccess = await resolveClusterAccess(job.spec.source, secrets);
  const targetAccess = await resolveClusterAccess(job.spec.target, secrets);
  const source = new ClusterLink(sourceAccess, `kafka-mirror-${config.jobId}-w${index}-source`);
  const target = new ClusterLink(targetAccess, `kafka-mirror-${config.jobId}-w${index}-target`);

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // The gauges read the replicator's partitions when scraped, which is only after it exists.
  const metrics: ReplicationMetrics = new ReplicationMetrics(registry, jobIdOf(job), index, (): Iterable<PartitionState> => replicator.partitions.values());

  const replicator: Replicator = new Replicator(config, { source, target, logger, metrics });
  // Worker 0 also runs the job's metadata sync; it stops with the replicator (a superseded worker must not sync an old spec).
  const replicating = new AbortController();
  signal.addEventListener('abort', () => replicating.abort(), { once: true });
  let lastSync: SyncRoundResult | undefined;
  let lastSyncFailure: SyncPassFailure | undefined;
  const syncResources = { sourceAccess, targetAccess, target, logger, registry, ready: () => replicator.ready };
  const onRound = (round: SyncRoundResult) => {
    lastSync = round;
    lastSyncFailure = undefined;
  };
  const sync = index === 0 ? startMetadataSync(job, syncResources, replicating.signal, onRound, (f) => (lastSyncFailure = f)) : undefined;
  let standing: Standing = { state: 'Starting' };
  const server: Server = await startHealthServer(env.metricsPort, env.podIp, registry, () => ({
    ready: standing.state === 'Running' && replicator.ready,
    detail: {
      ...standing,
      worker: index,
      revision,
      assigned: [...replicator.partitions.keys()].sort(),
      recordsBehind: [...replicator.partitions.values()].reduce((n, p) => n + recordsBehind(p), 0),
      recordsCopied: replicator.totals.records,
      stopped: [...replicator.partitions.values()].filter((p) => p.stopped).map((p) => ({ ...p.source, ...p.stopped })),
      ...syncDetail(lastSync, lastSyncFailure),
    },
  }));
  logger.info({ job: config.jobId, worker: index, workers: config.workerCount, revision, delivery: config.delivery }, 'worker starting');
  try {
    await replicateUntilStopped(replicator, signal, logger, (next) => (standing = next), { source: sourceAccess, target: targetAccess });
    logger.info({ records: replicator.totals.records }, 'worker stopped cleanly');
  } catch (err) {
    if (!(err instanceof SupersededError || err instanceof FencedError)) throw err;
    standing = { state: 'Idle', reason: err.message };
    logger.warn({ reason: err.message }, 'worker idle until replaced');
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  } finally {
    replicating.abort();
    await sync?.stop();
    await Promise.allSettled([source.close(), target.close()]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * A Kafka failure (a cluster unreachable, a login refused, a permission missing) is no reason to exit:
 * Kubernetes would only restart the worker into the same failure, a crash loop. The worker stays up,
 * not ready, says why on /status and in its log, and tries again with backoff until the cause is gone.
 * Only fencing (a newer worker took over) ends the copying for good.
 */
async function replicateUntilStopped(replicator: Replicator, signal: AbortSignal, logger: Logger, setStanding: (s: Standing) => void, access: Record<'source' | 'target', ClusterAccess>): Promise<void> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    setStanding({ state: 'Running' });
    try {
      await replicator.run(signal);
      return;
    } catch (err) {
      if (err instanceof SupersededError || err instanceof FencedError) throw err;
      const failure = toKafkaClientError('replication', err);
      const delayMs = Math.min(60_000, 1_000 * 2 ** Math.min(attempt, 6));
      setStanding({ state: 'Starting', reason: `${failure.summary}${failure.code === 'TLS_HANDSHAKE_REJECTED' ? expiredClientCertificates(access) : ''}` });
      logger.error({ kafkaError: failure.code, err: failure.message, retryInMs: delayMs }, 'replication failed; retrying');
      await sleep(delayMs, undefined, { signal }).catch(() => undefined);
    }
  }
}

/** A refused handshake does not say which side or why; our own expired client certificate is a likely cause we can check. */
function expiredClientCertificates(access: Record<'source' | 'target', ClusterAccess>): string {
  const found = (['source', 'target'] as const).flatMap((side) => {
    const dates = clientCertificateDates(access[side].tls?.cert);
    return dates ? [`${side}: ${dates}`] : [];
  });
  return found.length > 0 ? ` (${found.join('; ')})` : '';
}

interface SyncResources {
  sourceAccess: ClusterAccess;
  targetAccess: ClusterAccess;
  target: ClusterLink;
  logger: Logger;
  registry: Registry;
  /** Whether the replicator has started (generation entered, assignment taken). */
  ready: () => boolean;
}

const SYNC_START_WAIT_MS = 60_000;

/** Resolves once `ready()` holds, after `maxMs`, or on abort, whichever comes first. */
async function untilReady(ready: () => boolean, maxMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (!ready() && !signal.aborted && Date.now() < deadline) await sleep(200, undefined, { signal }).catch(() => undefined);
}

/**
 * Runs the metadata sync beside the replicator. It never throws into the worker: a failed pass is
 * logged and retried (MetadataSync.run), and replication goes on whatever the sync does.
 */
function startMetadataSync(job: MirrorJob, r: SyncResources, signal: AbortSignal, onRound: (result: SyncRoundResult) => void, onPassFailed: (failure: SyncPassFailure) => void): { stop(): Promise<void> } {
  const jobId = jobIdOf(job);
  const sourceAdmin = new PlatformaticAdmin({ ...r.sourceAccess, clientId: `kafka-mirror-${jobId}-sync-source` });
  const targetAdmin = new PlatformaticAdmin({ ...r.targetAccess, clientId: `kafka-mirror-${jobId}-sync-target` });
  const logger = r.logger.child({ component: 'metadata-sync' });
  const sync = new MetadataSync(job, { source: sourceAdmin, target: targetAdmin, targetLink: r.target, logger, metrics: new SyncMetrics(r.registry, jobId) });
  // The replicator starts first: its own topics and fencing then do not race the sync's first topic creations on the target.
  const done = untilReady(r.ready, SYNC_START_WAIT_MS, signal)
    .then(() => sync.run(signal, onRound, onPassFailed))
    .catch((err: unknown) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'metadata sync stopped'));
  return {
    async stop() {
      // A pass in flight finishes its current requests; do not hold the worker's exit on it for long.
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      await Promise.allSettled([sourceAdmin.close(), targetAdmin.close()]);
    },
  };
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
