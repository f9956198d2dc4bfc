import { setTimeout as sleep } from 'node:timers/promises';
import type { MirrorJob } from '../../api/index.ts';
import { replicationConfigOf } from '../../session/replication-config.builder.ts';
import { LATEST } from '../../kafka/index.ts';
import type { Logger } from '../../runtime/logger.ts';
import { partitionKey } from '../../replication/assignment.ts';
import { PERMISSION_MISSING } from '../../replication/partition-state.ts';
import { Replicator } from '../../replication/replicator.ts';
import { MetadataSync, type SyncRoundResult } from '../../sync/metadata-sync.ts';
import { CliError } from '../cli-error.ts';
import type { JobClusters } from '../clusters/job-clusters.ts';
import { onCluster } from '../clusters/job-clusters.ts';
import { etaSeconds, RateWindow } from '../display/rate-window.ts';
import { emptyGroupProgress, groupProgress, partitionProgress, type RunProgress } from '../display/run-progress.ts';
import { refusedGroups, replicationLooksCaughtUp, syncSettles } from './caught-up.ts';
import { startSyncLoop } from '../../session/sync-schedule.ts';

export interface RunSessionOptions {
  job: MirrorJob;
  clusters: JobClusters;
  logger: Logger;
  untilCaughtUp: boolean;
  /** Aborted on Ctrl-C: the round in flight commits or aborts, then everything stops. */
  signal: AbortSignal;
  /** Called with the current state every `tickMs`; `phaseChanged` on starting, caught up, stopping. */
  onProgress(progress: RunProgress, phaseChanged: boolean): void;
  tickMs: number;
}

export type RunOutcome = { how: 'caught-up' | 'interrupted'; progress: RunProgress };

/**
 * `kafka-mirror run` in one process: the worker's replicator with every partition (worker 0 of 1)
 * beside the metadata sync loop, as the operator's worker 0 runs them. Progress comes from the
 * replicator's own states and the last sync pass; "caught up" is confirmed against the source.
 */
export async function runSession(o: RunSessionOptions): Promise<RunOutcome> {
  const { job, clusters, logger } = o;
  const startedAt = Date.now();
  const stop = new AbortController();
  const stopAll = () => stop.abort();
  o.signal.addEventListener('abort', stopAll, { once: true });
  const sync = new MetadataSync(job, { source: clusters.source.admin, target: clusters.target.admin, targetLink: clusters.target.link, logger: logger.child({ component: 'metadata-sync' }) });

  let phase: RunProgress['phase'] = 'starting';
  let lastRound: SyncRoundResult | undefined;
  let warning: string | undefined;
  const rate = new RateWindow();
  // The first pass creates the target topics before any copying, so the replicator finds them at once.
  const publish = (replicator?: Replicator, changed = false) => o.onProgress(progressNow(replicator), changed);
  const progressNow = (replicator?: Replicator): RunProgress => {
    const parts = partitionProgress(replicator?.partitions.values() ?? []);
    const copied = replicator?.totals.records ?? 0;
    rate.add(Date.now(), copied);
    const perSecond = rate.perSecond();
    return {
      job: job.metadata.name, elapsedMs: Date.now() - startedAt, phase, ...parts,
      recordsCopied: copied, recordsPerSecond: perSecond, etaSeconds: etaSeconds(parts.recordsBehind, perSecond),
      groups: lastRound ? groupProgress(lastRound.report.groups, refusedGroups(lastRound)) : emptyGroupProgress(),
      lastSyncAgoSeconds: lastRound ? (Date.now() - lastRound.startedAt.getTime() - lastRound.durationMs) / 1000 : undefined,
      ...(warning ? { warning } : {}),
    };
  };
  publish(undefined, true);
  try {
    lastRound = await sync.runOnce();
  } catch (err) {
    throw new CliError(`the first metadata sync failed: ${err instanceof Error ? err.message : String(err)}`, 1, { cause: err });
  }
  if (o.signal.aborted) return { how: 'interrupted', progress: progressNow() };

  const config = { ...replicationConfigOf(job, { index: 0, revision: Date.now() }), workerCount: 1 };
  const replicator = new Replicator(config, { source: clusters.source.link, target: clusters.target.link, logger: logger.child({ component: 'replicator' }) });
  const replicating = replicator.run(stop.signal).catch((err: unknown) => {
    stop.abort();
    throw err;
  });
  let caughtUpSince: number | undefined;
  let settled = false;
  const loop = startSyncLoop(sync, job.spec.syncIntervalSeconds * 1000, stop.signal, logger, {
    round(r) {
      lastRound = r;
      warning = r.failed > 0 ? `${r.failed} metadata action(s) failed in the last sync pass; retried next pass (see logs)` : r.aclsSkipped;
      if (caughtUpSince !== undefined && syncSettles(r, caughtUpSince)) settled = true;
    },
    failed: (message) => (warning = `metadata sync pass failed: ${message}`),
  });
  try {
    while (!stop.signal.aborted) {
      await sleep(o.tickMs, undefined, { signal: stop.signal }).catch(() => undefined);
      const now = progressNow(replicator);
      if (!replicator.ready) continue;
      if (o.untilCaughtUp && now.partitions.stopped.length > 0) throw stoppedPartitionsError(now);
      const looksCaughtUp = replicationLooksCaughtUp(now);
      if (looksCaughtUp && caughtUpSince === undefined && (await confirmCaughtUp(clusters, replicator))) {
        caughtUpSince = Date.now();
        loop.wake();
      } else if (!looksCaughtUp) caughtUpSince = undefined;
      const nextPhase = caughtUpSince !== undefined && settled ? 'caught-up' : 'copying';
      const changed = nextPhase !== phase;
      phase = nextPhase;
      o.onProgress(progressNow(replicator), changed);
      if (o.untilCaughtUp && phase === 'caught-up') break;
    }
  } finally {
    if (o.signal.aborted) {
      phase = 'stopping';
      publish(replicator, true);
    }
    stop.abort();
    o.signal.removeEventListener('abort', stopAll);
    await Promise.allSettled([loop.done, replicating]);
  }
  await replicating; // rethrows what stopped the replicator (fenced by another run, a fatal error)
  return { how: o.signal.aborted ? 'interrupted' : 'caught-up', progress: progressNow(replicator) };
}

/** The replicator's end offsets come from its last fetch; ask the source once more before saying "caught up". */
async function confirmCaughtUp(clusters: JobClusters, replicator: Replicator): Promise<boolean> {
  const states = [...replicator.partitions.values()];
  const ends = await onCluster(clusters.source, 'reading end offsets', () => clusters.source.link.listOffsets(states.map((s) => s.source), LATEST));
  return states.every((s) => s.position >= (ends.get(partitionKey(s.source)) ?? 0));
}

/** The error `run` ends with when partitions stopped; a missing permission says which side and what to grant. */
export function stoppedPartitionsError(p: RunProgress): CliError {
  const list = p.partitions.stopped.slice(0, 10).map((s) => `${s.topic}/${s.partition} at offset ${s.offset}: ${s.error}`);
  const denied = (message: string) => p.partitions.stopped.some((s) => s.message === message);
  const hints = [
    ...(denied(PERMISSION_MISSING.read) ? ['the source user may not read these topics: grant READ on them'] : []),
    ...(denied(PERMISSION_MISSING.write) ? ['the target user may not write these topics: grant WRITE on them'] : []),
  ];
  const hint = hints.length > 0 ? ` (${hints.join('; ')})` : '';
  return new CliError(`copying stopped on ${p.partitions.stopped.length} partition(s)${hint}:\n  ${list.join('\n  ')}`);
}
