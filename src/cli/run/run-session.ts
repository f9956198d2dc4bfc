import { setTimeout as sleep } from 'node:timers/promises';
import type { MirrorJob } from '../../api/index.ts';
import { LATEST } from '../../kafka/index.ts';
import type { Logger } from '../../runtime/logger.ts';
import { partitionKey } from '../../replication/assignment.ts';
import { PERMISSION_MISSING } from '../../replication/partition-state.ts';
import type { Replicator } from '../../replication/replicator.ts';
import { JobSession, localRunRevision } from '../../session/job-session.ts';
import type { SyncPassFailure, SyncRoundResult } from '../../sync/metadata-sync.ts';
import { CliError } from '../cli-error.ts';
import type { JobClusters } from '../clusters/job-clusters.ts';
import { onCluster } from '../clusters/job-clusters.ts';
import { etaSeconds, RateWindow } from '../display/rate-window.ts';
import { emptyGroupProgress, groupProgress, partitionProgress, type RunProgress } from '../display/run-progress.ts';
import { refusedGroups, replicationLooksCaughtUp, syncSettles } from './caught-up.ts';

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
  const rate = new RateWindow();
  const progressNow = (): RunProgress => {
    const parts = partitionProgress(replicator.partitions.values());
    const copied = replicator.totals.records;
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
  o.onProgress(progressNow(), true);
  const running = session.run(stop.signal, {
    round(r) {
      lastRound = r;
      warning = r.failed > 0 ? `${r.failed} metadata action(s) failed in the last sync pass; retried next pass (see logs)` : r.aclsSkipped;
      if (caughtUpSince !== undefined && syncSettles(r, caughtUpSince)) settled = true;
    },
    failed(f) {
      warning = `metadata sync pass failed: ${f.error}`;
      if (lastRound === undefined) {
        firstSyncFailure = f;
        stop.abort();
      }
    },
  });
  running.catch(() => stop.abort()); // the replicator stopped (fenced by another run, a fatal error): stop watching
  try {
    while (!stop.signal.aborted) {
      await sleep(o.tickMs, undefined, { signal: stop.signal }).catch(() => undefined);
      const now = progressNow();
      if (!replicator.ready || lastRound === undefined) continue;
      if (o.untilCaughtUp && now.partitions.stopped.length > 0) throw stoppedPartitionsError(now);
      const looksCaughtUp = replicationLooksCaughtUp(now);
      if (looksCaughtUp && caughtUpSince === undefined && (await confirmCaughtUp(clusters, replicator))) {
        caughtUpSince = Date.now();
        session.wakeSync();
      } else if (!looksCaughtUp) caughtUpSince = undefined;
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
