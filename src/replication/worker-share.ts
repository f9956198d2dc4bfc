import { type ClusterLink, EARLIEST, LATEST } from '../kafka/index.ts';
import { assignedTo, partitionKey, type SourcePartition } from './assignment.ts';
import type { CheckpointStore } from './checkpoints/checkpoints.store.ts';
import type { PartitionState } from './partition-state.ts';
import type { ReplicationConfig } from './replication-config.ts';

/**
 * Brings `partitions` (this worker's share, by source partition key) in step with the clusters:
 * partitions new to the share start where their checkpoint ends, or where `startFrom` says when the
 * job never copied them; partitions no longer selected or no longer this worker's leave; and each
 * says whether its target partition exists yet (worker 0's sync creates it), with the source end of
 * those that wait.
 */
export async function refreshShare(partitions: Map<string, PartitionState>, config: ReplicationConfig, clusters: { source: ClusterLink; target: ClusterLink }, store: CheckpointStore): Promise<void> {
  const sourceTopics = await clusters.source.topics();
  const all: SourcePartition[] = [];
  for (const [topic, count] of sourceTopics) {
    if (!config.selectTopic(topic)) continue;
    for (let partition = 0; partition < count; partition++) all.push({ topic, partition });
  }
  const mine = assignedTo(config.workerIndex, config.workerCount, all);
  // Only the share's target topics: a target shared by many jobs answers for each job's few, not for all.
  const targetTopics = await clusters.target.topics([...new Set(mine.map((p) => config.targetTopic(p.topic)))]);
  const fresh = mine.filter((p) => !partitions.has(partitionKey(p)));
  if (fresh.length > 0) {
    const { checkpoints } = await store.read();
    const neverCopied = fresh.filter((p) => !checkpoints.has(partitionKey(p)));
    const starts = await clusters.source.listOffsets(neverCopied, config.startFrom === 'Earliest' ? EARLIEST : LATEST);
    for (const p of fresh) {
      const target = { topic: config.targetTopic(p.topic), partition: p.partition };
      const checkpoint = checkpoints.get(partitionKey(p));
      const position = checkpoint?.end ?? starts.get(partitionKey(p)) ?? 0;
      partitions.set(partitionKey(p), { source: p, target, position, endOffset: position, copied: checkpoint?.copied ?? 0, targetNext: checkpoint?.targetNext });
    }
  }
  const keep = new Set(mine.map(partitionKey));
  for (const k of partitions.keys()) if (!keep.has(k)) partitions.delete(k);
  // Held for a target log (target-ends.ts) or for the topic: either way the source end is read below.
  const waiting = new Set([...partitions.values()].filter((p) => p.waitingForTarget));
  for (const p of partitions.values()) {
    p.waitingForTarget = (targetTopics.get(p.target.topic) ?? 0) <= p.target.partition;
    if (p.waitingForTarget) waiting.add(p);
  }
  await readWaitingEnds(clusters.source, [...waiting]);
}

/**
 * A waiting partition is not fetched, so nothing else moves its end: without this its lag (the worker's
 * /status and kafka_mirror_records_behind) would stay what it was when it started waiting, 0 for a new
 * one, while its records wait. A failed read leaves the ends as they were: the next look reads again.
 */
async function readWaitingEnds(source: ClusterLink, waiting: readonly PartitionState[]): Promise<void> {
  if (waiting.length === 0) return;
  const ends = await source.offsetsEach(waiting.map((p) => p.source), LATEST).catch(() => undefined);
  for (const p of waiting) {
    const end = ends?.offsets.get(partitionKey(p.source));
    if (end !== undefined && end > p.endOffset) p.endOffset = end;
  }
}
