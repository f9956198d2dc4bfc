import { setTimeout as sleep } from 'node:timers/promises';
import type { MirrorJob } from '../../api/index.ts';
import { type KafkaClientError, LATEST } from '../../kafka/index.ts';
import type { Logger } from '../../runtime/logger.ts';
import { partitionKey } from '../../replication/assignment.ts';
import { PERMISSION_MISSING } from '../../replication/partition-state.ts';
import type { Replicator } from '../../replication/replicator.ts';
import { JobSession, localRunRevision } from '../../session/job-session.ts';
import { replicateWithRetry, shown, type Shown, type Standing } from '../../session/replicate-with-retry.ts';
import { mayBeUnreachable } from '../../replication/failure-reason.ts';
import type { SyncPassFailure, SyncRoundResult } from '../../sync/metadata-sync.ts';
import { CliError } from '../cli-error.ts';
import type { JobClusters } from '../clusters/job-clusters.ts';
import { onCluster } from '../clusters/job-clusters.ts';
import { etaSeconds, RateWindow } from '../display/rate-window.ts';
import { emptyGroupProgress, partitionProgress, type RunProgress } from '../display/run-progress.ts';
import { conflictsShown } from '../format/blockers-view.ts';
import { BLOCKED_PASSES_TO_GIVE_UP, blockedTargetTopics, groupStandingOf, judgePass, nextStreak, replicationLooksCaughtUp, type BlockedStreak } from './caught-up.ts';

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
 * `kafka-mirror run` in one process: the job session the worker Pods run (src/session/job-session.ts),
 * as worker 0 of 1, so it copies every partition and runs the metadata sync, in the same start order.
 * Progress comes from the replicator's own states and the last sync pass; "caught up" is confirmed
 * against the source. A first sync pass that fails ends the run (nothing would be created).
 */
export async function runSession(o: RunSessionOptions): Promise<RunOutcome> {
  const { job, clusters, logger } = o;
  const startedAt = Date.now();
  const stop = new AbortController();
  const stopAll = () => stop.abort();
  o.signal.addEventListener('abort', stopAll, { once: true });
  const session = new JobSession({ job, worker: { index: 0, count: 1, revision: localRunRevision() }, source: clusters.source, target: clusters.target, logger });
  const { replicator } = session;

  let phase: RunProgress['phase'] = 'starting';
  let lastRound: SyncRoundResult | undefined;
  let firstSyncFailure: SyncPassFailure | undefined;
  let warning: string | undefined;
  let caughtUpSince: number | undefined;
  let settled = false;
  let blocked: BlockedStreak | undefined;
  let standing: Standing = { state: 'Starting' };
  const intervalMs = job.spec.syncIntervalSeconds * 1000;
  const rate = new RateWindow();
  const progressNow = (): RunProgress => {
    const parts = partitionProgress(replicator.partitions.values());
    const copied = replicator.totals.records;
    rate.add(Date.now(), copied);
    const perSecond = rate.perSecond();
    return {
      job: job.metadata.name, elapsedMs: Date.now() - startedAt, phase, ...parts,
      recordsCopied: copied, recordsPerSecond: perSecond, etaSeconds: etaSeconds(parts.recordsBehind, perSecond),
      groups: lastRound ? groupStandingOf(lastRound) : emptyGroupProgress(),
      conflicts: conflictsShown(lastRound?.report.conflicts ?? []), planCommand: o.planCommand,
      lastSyncAgoSeconds: lastRound ? (Date.now() - lastRound.startedAt.getTime() - lastRound.durationMs) / 1000 : undefined,
      ...(warning ? { warning } : {}),
      ...notCopying(shown(standing, replicator)),
    };
  };
  o.onProgress(progressNow(), true);
  // A cluster out of reach after the run got going is waited out, saying so; anything else ends the run
  // with its error (a wrong password is for the user to fix, not to retry).
  const retry = { logger, links: { source: clusters.source.link, target: clusters.target.link }, setStanding: (next: Standing) => (standing = next), retries: (failure: KafkaClientError, started: boolean) => started && mayBeUnreachable(failure.code) };
  const running = session.run(stop.signal, {
    round(r) {
      lastRound = r;
      warning = r.failed > 0 ? `${r.failed} metadata action(s) failed in the last sync pass; retried next pass (see logs)` : r.aclsSkipped;
      if (caughtUpSince === undefined) return;
      const verdict = judgePass(r, caughtUpSince);
      if (verdict.kind === 'settled') settled = true;
      blocked = nextStreak(blocked, verdict);
      if (o.untilCaughtUp && blocked && blocked.passes < BLOCKED_PASSES_TO_GIVE_UP) setTimeout(() => session.wakeSync(), Math.min(intervalMs, RECHECK_MS)).unref();
    },
    failed(f) {
      warning = `metadata sync pass failed: ${f.error}`;
      if (lastRound === undefined) {
        firstSyncFailure = f;
        stop.abort();
      }
    },
  }, (r, signal) => replicateWithRetry(r, signal, retry));
  running.catch(() => stop.abort()); // the replicator stopped (fenced by another run, a fatal error): stop watching
  try {
    while (!stop.signal.aborted) {
      await sleep(o.tickMs, undefined, { signal: stop.signal }).catch(() => undefined);
      const now = progressNow();
      if (!replicator.ready || lastRound === undefined) {
        // A run started again after a failure: the line says why nothing is copied.
        if (now.notCopying) o.onProgress(now, false);
        continue;
      }
      if (o.untilCaughtUp && now.partitions.stopped.length > 0) throw stoppedPartitionsError(now);
      if (o.untilCaughtUp && blocked && blocked.passes >= BLOCKED_PASSES_TO_GIVE_UP) throw cannotCatchUpError(blocked, o.planCommand);
      const looksCaughtUp = replicationLooksCaughtUp(replicator.partitions.values(), blockedTargetTopics(lastRound));
      // A source out of reach confirms nothing now: asked again at the next tick.
      if (looksCaughtUp && caughtUpSince === undefined && (await confirmCaughtUp(clusters, replicator).catch(() => false))) {
        caughtUpSince = Date.now();
        session.wakeSync();
      } else if (!looksCaughtUp) [caughtUpSince, blocked] = [undefined, undefined];
      const nextPhase = caughtUpSince !== undefined && settled ? 'caught-up' : 'copying';
      const changed = nextPhase !== phase;
      phase = nextPhase;
      o.onProgress(progressNow(), changed);
      if (o.untilCaughtUp && phase === 'caught-up') break;
    }
  } finally {
    if (o.signal.aborted) {
      phase = 'stopping';
      o.onProgress(progressNow(), true);
    }
    stop.abort();
    o.signal.removeEventListener('abort', stopAll);
    await running.catch(() => undefined);
  }
  if (firstSyncFailure) throw new CliError(`the first metadata sync failed: ${firstSyncFailure.error}`, 1);
  await running; // rethrows what stopped the replicator (fenced by another run, a fatal error)
  return { how: o.signal.aborted ? 'interrupted' : 'caught-up', progress: progressNow() };
}

/**
 * The replicator's end offsets come from its last fetch; ask the source once more before saying
 * "caught up". Partitions waiting for a target topic a conflict blocks are left to the sync's verdict.
 */
async function confirmCaughtUp(clusters: JobClusters, replicator: Replicator): Promise<boolean> {
  const states = [...replicator.partitions.values()].filter((s) => !s.waitingForTarget);
  const ends = await onCluster(clusters.source, 'reading end offsets', () => clusters.source.link.listOffsets(states.map((s) => s.source), LATEST));
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

/** The progress line's NOT COPYING: why the replicator does not copy while it retries. */
const notCopying = (now: Shown): { notCopying?: string } => (now.state === 'Starting' && now.reason ? { notCopying: now.reason } : {});
