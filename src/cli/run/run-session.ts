import { setTimeout as sleep } from 'node:timers/promises';
import type { MirrorJob } from '../../api/index.ts';
import { replicationConfigOf } from '../../config/replication-config.builder.ts';
import { LATEST, listOffsets } from '../../kafka/wire/list-offsets.ts';
import type { Logger } from '../../logging/logger.ts';
import { partitionKey } from '../../replication/assignment.ts';
import { PERMISSION_MISSING } from '../../replication/partition-state.ts';
import { Replicator } from '../../replication/replicator.ts';
import { MetadataSync, type SyncRoundResult } from '../../sync/metadata-sync.ts';
import { CliError } from '../cli-error.ts';
import type { JobClusters } from '../kafka/job-clusters.ts';
import { onCluster } from '../kafka/job-clusters.ts';
import { etaSeconds, RateWindow } from '../progress/rate-window.ts';
import { conflictsShown } from '../format/blockers-view.ts';
import { emptyGroupProgress, partitionProgress, type RunProgress } from '../progress/run-progress.ts';
import { BLOCKED_PASSES_TO_GIVE_UP, blockedTargetTopics, groupStandingOf, judgePass, nextStreak, replicationLooksCaughtUp, type BlockedStreak } from './caught-up.ts';
import { startSyncLoop } from './sync-loop.ts';
import { WaitingEnds } from './waiting-ends.ts';

/** The second pass that decides `--until-caught-up` cannot get there comes this soon, or at the sync interval if shorter. */
const RECHECK_MS = 5_000;

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
  /** The command that lists every conflict and group outcome of this job (`kafka-mirror plan ...`). */
  planCommand: string;
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
  const waitingEnds = new WaitingEnds(clusters.source.link);
  // The first pass creates the target topics before any copying, so the replicator finds them at once.
  const publish = (replicator?: Replicator, changed = false) => o.onProgress(progressNow(replicator), changed);
  const progressNow = (replicator?: Replicator): RunProgress => {
    const parts = partitionProgress(replicator?.partitions.values() ?? [], waitingEnds.ends);
    const copied = replicator?.totals.records ?? 0;
    rate.add(Date.now(), copied);
    const perSecond = rate.perSecond();
    return {
      job: job.metadata.name, elapsedMs: Date.now() - startedAt, phase, ...parts,
      recordsCopied: copied, recordsPerSecond: perSecond, etaSeconds: etaSeconds(parts.recordsBehind, perSecond),
      groups: lastRound ? groupStandingOf(lastRound) : emptyGroupProgress(),
      conflicts: conflictsShown(lastRound?.report.conflicts ?? []), planCommand: o.planCommand,
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
  let blocked: BlockedStreak | undefined;
  const intervalMs = job.spec.syncIntervalSeconds * 1000;
  const loop = startSyncLoop(sync, intervalMs, stop.signal, logger, {
    round(r) {
      lastRound = r;
      warning = r.failed > 0 ? `${r.failed} metadata action(s) failed in the last sync pass; retried next pass (see logs)` : r.aclsSkipped;
      if (caughtUpSince === undefined) return;
      const verdict = judgePass(r, caughtUpSince);
      if (verdict.kind === 'settled') settled = true;
      blocked = nextStreak(blocked, verdict);
      if (o.untilCaughtUp && blocked && blocked.passes < BLOCKED_PASSES_TO_GIVE_UP) setTimeout(() => loop.wake(), Math.min(intervalMs, RECHECK_MS)).unref();
    },
    failed: (message) => (warning = `metadata sync pass failed: ${message}`),
  });
  try {
    while (!stop.signal.aborted) {
      await sleep(o.tickMs, undefined, { signal: stop.signal }).catch(() => undefined);
      await waitingEnds.refresh(replicator.partitions.values());
      const now = progressNow(replicator);
      if (!replicator.ready) continue;
      if (o.untilCaughtUp && now.partitions.stopped.length > 0) throw stoppedPartitionsError(now);
      if (o.untilCaughtUp && blocked && blocked.passes >= BLOCKED_PASSES_TO_GIVE_UP) throw cannotCatchUpError(blocked, o.planCommand);
      const looksCaughtUp = replicationLooksCaughtUp(replicator.partitions.values(), blockedTargetTopics(lastRound));
      if (looksCaughtUp && caughtUpSince === undefined && (await confirmCaughtUp(clusters, replicator))) {
        caughtUpSince = Date.now();
        loop.wake();
      } else if (!looksCaughtUp) [caughtUpSince, blocked] = [undefined, undefined];
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

/**
 * The replicator's end offsets come from its last fetch; ask the source once more before saying
 * "caught up". Partitions waiting for a target topic a conflict blocks are left to the sync's verdict.
 */
async function confirmCaughtUp(clusters: JobClusters, replicator: Replicator): Promise<boolean> {
  const states = [...replicator.partitions.values()].filter((s) => !s.waitingForTarget);
  const ends = await onCluster(clusters.source, 'reading end offsets', () => listOffsets(clusters.source.link, states.map((s) => s.source), LATEST));
  return states.every((s) => s.position >= (ends.get(partitionKey(s.source)) ?? 0));
}

/** The error `--until-caught-up` ends with when sync passes keep finding what no waiting resolves. */
function cannotCatchUpError(blocked: BlockedStreak, planCommand: string): CliError {
  return new CliError(`cannot catch up: ${blocked.passes} sync passes in a row after replication caught up found the same blockers:\n  ${blocked.reasons.join('\n  ')}\nlist them all: ${planCommand}`);
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
