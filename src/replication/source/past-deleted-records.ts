import { type ClusterLink, EARLIEST, errorName, KafkaErrorCode, LATEST } from '../../kafka/index.ts';
import type { Logger } from '../../runtime/logger.ts';
import { partitionKey } from '../assignment.ts';
import type { PartitionState, ReplicationTotals } from '../partition-state.ts';
import type { ReplicationMetrics } from '../replication.metrics.ts';
import { outOfRange } from './out-of-range.ts';

/** A partition's position moved past records retention deleted before the job copied them. */
export interface PastDeleted {
  state: PartitionState;
  next: number;
}

export interface PastDeletedDeps {
  source: ClusterLink;
  logger: Logger;
  metrics?: ReplicationMetrics;
  totals: ReplicationTotals;
}

/**
 * Partitions whose position the source no longer has (see out-of-range.ts). Kafka answers
 * OFFSET_OUT_OF_RANGE without the log start offset, so the source is asked for both ends. Records
 * deleted before they were copied are counted and the partition moves to the log start (the caller
 * puts the move into the interval like a copy: a group committed inside the gap resumes where the
 * next copy lands); a log that went back stops its partition.
 */
export async function pastDeletedRecords(states: readonly PartitionState[], positionOf: (s: PartitionState) => number, deps: PastDeletedDeps): Promise<PastDeleted[]> {
  if (states.length === 0) return [];
  const sources = states.map((s) => s.source);
  const [starts, ends] = await Promise.all([deps.source.listOffsets(sources, EARLIEST), deps.source.listOffsets(sources, LATEST)]);
  const moved: PastDeleted[] = [];
  for (const state of states) {
    const { topic, partition } = state.source;
    const position = positionOf(state);
    const end = ends.get(partitionKey(state.source));
    const found = outOfRange(position, starts.get(partitionKey(state.source)), end);
    if (found.kind === 'deleted') {
      deps.totals.recordsLostToRetention += found.lost;
      deps.metrics?.lostToRetention(topic, found.lost);
      deps.logger.warn({ topic, partition, from: position, to: found.next, lost: found.lost }, 'source retention deleted records before they were copied');
      moved.push({ state, next: found.next });
    } else if (found.kind === 'wentBack') {
      state.stopped = { offset: position, error: errorName(KafkaErrorCode.OFFSET_OUT_OF_RANGE), message: found.message };
      deps.logger.error({ topic, partition, position, end }, 'the source partition went back; this partition stops here');
    }
  }
  return moved;
}
