import type { PartitionState } from '../../replication/partition-state.ts';
import type { GroupStanding } from '../../sync/group-standing.ts';
import type { ConflictsShown } from '../format/blockers-view.ts';

/** Everything the `run` display shows, at one moment. Plain data: the view renders it, tests build it. */
export interface RunProgress {
  job: string;
  elapsedMs: number;
  phase: 'starting' | 'copying' | 'caught-up' | 'stopping';
  topics: { matched: number; onTarget: number };
  partitions: { total: number; caughtUp: number; waitingForTarget: number; stopped: StoppedPartition[] };
  recordsCopied: number;
  recordsBehind: number;
  recordsPerSecond: number;
  etaSeconds: number | undefined;
  groups: GroupStanding;
  /** Topics the metadata sync will not create or change until a person decides (the last pass's). */
  conflicts: ConflictsShown;
  /** The command that lists every conflict and group outcome, with this run's job and Secrets arguments. */
  planCommand: string;
  /** Seconds since the last completed metadata sync pass; undefined before the first. */
  lastSyncAgoSeconds: number | undefined;
  /** The last warning worth showing (a failed sync pass, refused actions). */
  warning?: string;
  /** Why nothing is copied while the replicator retries a failure, e.g. a cluster that does not answer. */
  notCopying?: string;
}

export interface StoppedPartition {
  topic: string;
  partition: number;
  error: string;
  offset: number;
  message: string;
}

/**
 * Counts partitions and topics from the replicator's live states. A partition waiting for its target
 * is not fetched; the replicator reads its source end apart (replication/worker-share.ts), so a topic
 * the target lacks counts all its records as behind.
 */
export function partitionProgress(states: Iterable<PartitionState>): Pick<RunProgress, 'topics' | 'partitions' | 'recordsBehind'> {
  const topics = new Map<string, boolean>();
  let total = 0;
  let caughtUp = 0;
  let waiting = 0;
  let behind = 0;
  const stopped: StoppedPartition[] = [];
  for (const p of states) {
    total++;
    topics.set(p.source.topic, (topics.get(p.source.topic) ?? true) && !p.waitingForTarget);
    if (p.waitingForTarget) waiting++;
    if (p.stopped) stopped.push({ ...p.source, error: p.stopped.error, offset: p.stopped.offset, message: p.stopped.message });
    const lag = Math.max(0, p.endOffset - p.position);
    behind += lag;
    if (lag === 0 && !p.waitingForTarget && !p.stopped) caughtUp++;
  }
  return {
    topics: { matched: topics.size, onTarget: [...topics.values()].filter(Boolean).length },
    partitions: { total, caughtUp, waitingForTarget: waiting, stopped },
    recordsBehind: behind,
  };
}

export const emptyGroupProgress = (): GroupStanding => ({ matched: 0, synced: 0, ahead: 0, notSynced: [] });
