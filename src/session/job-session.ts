import { setTimeout as sleep } from 'node:timers/promises';
import type { Registry } from 'prom-client';
import type { MirrorJob } from '../api/index.ts';
import { jobIdOf } from '../job/job-identity.ts';
import type { ClusterLink, KafkaAdmin } from '../kafka/index.ts';
import { ReplicationMetrics } from '../replication/replication.metrics.ts';
import { SyncMetrics } from '../sync/sync.metrics.ts';
import type { ReplicationConfig } from '../replication/replication-config.ts';
import { Replicator } from '../replication/replicator.ts';
import type { Logger } from '../runtime/logger.ts';
import { MetadataSync } from '../sync/metadata-sync.ts';
import { replicationConfigOf } from './replication-config.builder.ts';
import { startSyncSchedule, type SyncHooks, type SyncSchedule } from './sync-schedule.ts';

/** One side of the job, opened by whoever runs the session; the admin port only where the session syncs. */
export interface SessionCluster {
  link: ClusterLink;
  admin?: KafkaAdmin;
}

export interface JobSessionOptions {
  job: MirrorJob;
  /**
   * Which share of the job this process copies. `revision` is the configuration revision: a number
   * that grows with every configuration put in force, and never goes back; the workers of a revision
   * fence every older one before copying (src/replication/generation.ts). The operator derives it
   * (operator/worker-revision.ts); a local run is a configuration put in force when it starts
   * (localRunRevision). `count` overrides spec.replication.workers (the CLI copies every partition).
   */
  worker: { index: number; revision: number; count?: number };
  source: SessionCluster;
  target: SessionCluster;
  logger: Logger;
  /** Where the worker's metrics go; none for the CLI. */
  registry?: Registry;
}

/** A local run's revision: the clock when it starts, the same floor the operator's revisions have. */
export const localRunRevision = (now = Date.now()): number => now;

/** How long the sync waits for the replicator before it starts anyway (a replicator retrying a failure). */
const SYNC_START_WAIT_MS = 60_000;
/** How long a stopping session waits for a sync pass in flight. */
const SYNC_STOP_WAIT_MS = 10_000;

/**
 * One running share of a job: the replicator, and (where worker 0 runs, and in the CLI, which is
 * worker 0 of 1) the metadata sync beside it. The worker Pod and `kafka-mirror run` both run this,
 * in one start order:
 *
 * 1. The replicator starts: it creates the job's own topics, fences the previous revision
 *    (ExactlyOnce), takes its assignment and start positions, becomes `ready`, and copies.
 * 2. The sync starts once the replicator is ready (or after 60 s, so a replicator retrying a failure
 *    does not hold the sync back). Its first pass creates the target topics, partitions, configs and
 *    ACLs; partitions whose target topic is missing wait and are looked at every second, so they
 *    copy within about a second of the pass that creates their topic.
 * 3. The sync passes again every syncIntervalSeconds; `wakeSync()` runs a pass at once.
 *
 * Why this order: the job's own topics and the fencing of older workers must not race the sync's
 * topic creations on the target, and a superseded worker must never sync an old spec (its sync stops
 * with its replicator). Start positions are taken when the assignment is, before the target topics
 * exist, so startFrom: Latest loses nothing written while the first pass runs.
 */
export class JobSession {
  readonly config: ReplicationConfig;
  readonly replicator: Replicator;
  readonly #sync: MetadataSync | undefined;
  readonly #job: MirrorJob;
  #schedule: SyncSchedule | undefined;

  constructor(o: JobSessionOptions) {
    const jobId = jobIdOf(o.job);
    const built = replicationConfigOf(o.job, o.worker);
    this.#job = o.job;
    this.config = o.worker.count === undefined ? built : { ...built, workerCount: o.worker.count };
    // The gauges read the replicator's partitions when scraped, which is only after it exists.
    const metrics = o.registry && new ReplicationMetrics(o.registry, jobId, o.worker.index, () => this.replicator.partitions.values());
    this.replicator = new Replicator(this.config, { source: o.source.link, target: o.target.link, logger: o.logger.child({ component: 'replicator' }), ...(metrics ? { metrics } : {}) });
    const { admin: sourceAdmin } = o.source;
    const { admin: targetAdmin } = o.target;
    if (o.worker.index === 0 && sourceAdmin && targetAdmin) {
      this.#sync = new MetadataSync(o.job, {
        source: sourceAdmin,
        target: targetAdmin,
        targetLink: o.target.link,
        logger: o.logger.child({ component: 'metadata-sync' }),
        ...(o.registry ? { metrics: new SyncMetrics(o.registry, jobId) } : {}),
      });
    }
  }

  /** Whether this session runs the job's metadata sync. */
  get syncs(): boolean {
    return this.#sync !== undefined;
  }

  /**
   * Runs until `signal` or until the replicator stops. `replicate` runs the replicator (the worker
   * retries Kafka failures with backoff; the CLI stops on them); its error is thrown after the sync
   * has stopped.
   */
  async run(signal: AbortSignal, hooks: SyncHooks = {}, replicate: (replicator: Replicator, signal: AbortSignal) => Promise<void> = (r, s) => r.run(s)): Promise<void> {
    const running = new AbortController();
    const stop = () => running.abort();
    signal.addEventListener('abort', stop, { once: true });
    const syncing = this.#sync && this.#startSync(this.#sync, running.signal, hooks);
    try {
      await replicate(this.replicator, running.signal);
    } finally {
      running.abort();
      signal.removeEventListener('abort', stop);
      // A pass in flight finishes its current requests; do not hold the exit on it for long.
      if (syncing) await Promise.race([syncing, sleep(SYNC_STOP_WAIT_MS, undefined, { ref: false })]);
    }
  }

  /** Runs a sync pass now (e.g. replication just caught up: group offsets can be translated). */
  wakeSync(): void {
    this.#schedule?.wake();
  }

  async #startSync(sync: MetadataSync, signal: AbortSignal, hooks: SyncHooks): Promise<void> {
    const deadline = Date.now() + SYNC_START_WAIT_MS;
    while (!this.replicator.ready && !signal.aborted && Date.now() < deadline) await sleep(200, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) return;
    this.#schedule = startSyncSchedule(sync, this.#job.spec.syncIntervalSeconds * 1000, signal, hooks);
    await this.#schedule.done;
  }
}
