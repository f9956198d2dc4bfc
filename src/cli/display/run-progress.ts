import type { GroupReport } from '../../planner/plan.ts';
import type { PartitionState } from '../../replication/partition-state.ts';

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
  groups: GroupProgress;
  /** Seconds since the last completed metadata sync pass; undefined before the first. */
  lastSyncAgoSeconds: number | undefined;
  /** The last warning worth showing (a failed sync pass, refused actions). */
  warning?: string;
}

export interface StoppedPartition {
  topic: string;
  partition: number;
  error: string;
  offset: number;
  message: string;
}

export interface GroupProgress {
  /** Groups with committed offsets on mirrored topics. */
  matched: number;
  /** Offsets written this pass or already equal. */
  synced: number;
  /** Not translatable yet: the records they point at are not copied yet. */
  waiting: number;
  /** Active on the target (Kafka refuses the write) or refused this pass. */
  failed: Array<{ group: string; reason: string }>;
  /** Already further on the target than the translation: left alone. */
  ahead: number;
}

/** Counts partitions and topics from the replicator's live states. */
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

/** Groups from the last sync pass's report; a SetGroupOffsets the target refused counts as failed. */
export function groupProgress(groups: readonly GroupReport[], refused: ReadonlyMap<string, string>): GroupProgress {
  const progress: GroupProgress = { matched: groups.length, synced: 0, waiting: 0, failed: [], ahead: 0 };
  for (const g of groups) {
    const refusal = refused.get(g.group);
    if (refusal !== undefined) progress.failed.push({ group: g.group, reason: refusal });
    else if (g.outcome === 'Synced' || g.outcome === 'UpToDate') progress.synced++;
    else if (g.outcome === 'NotYetTranslatable') progress.waiting++;
    else if (g.outcome === 'AlreadyAhead') progress.ahead++;
    else progress.failed.push({ group: g.group, reason: g.detail });
  }
  return progress;
}

export const emptyGroupProgress = (): GroupProgress => ({ matched: 0, synced: 0, waiting: 0, failed: [], ahead: 0 });
