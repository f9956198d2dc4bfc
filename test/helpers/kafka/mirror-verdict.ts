import { recordIdentity, recordsByPartition } from './compare-topics.ts';
import type { KcatRecord } from './kcat.ts';

/**
 * Target records that arrived out of the source's order: per partition, first copies of source records
 * that come after a copy of a record the source holds later. Loss and duplication are counted apart
 * (compareRecords); this says whether what arrived kept its order.
 */
export function countReordered(src: KcatRecord[], dst: KcatRecord[]): number {
  const s = recordsByPartition(src);
  let reordered = 0;
  for (const [partition, records] of recordsByPartition(dst)) {
    const sourceIndex = new Map((s.get(partition) ?? []).map((r, i) => [recordIdentity(r), i] as const));
    const seen = new Set<number>();
    let highest = -1;
    for (const r of records) {
      const i = sourceIndex.get(recordIdentity(r));
      if (i === undefined || seen.has(i)) continue;
      seen.add(i);
      if (i < highest) reordered++;
      highest = Math.max(highest, i);
    }
  }
  return reordered;
}

/** One partition of a group: where it stopped on the source, where the mirror says to resume on the target. */
export interface GroupPartitionVerdict {
  partition: number;
  /** Records of this partition the group read on the source (by the consumer's own output). */
  read: number;
  sourceOffset: number | undefined;
  targetOffset: number | undefined;
  /** The target offset points at the copy of the record right after the last one the group read. */
  exact: boolean;
}

/**
 * Judges a translated group offset per partition, from kcat's reads of both sides and the offsets
 * Kafka's tool reports. On the source, the committed offset must sit right after the records the
 * consumer printed (that is what the group read); on the target, the committed offset must leave
 * exactly as many records before it, and point at the copy of the same next record (or at the end
 * when the group read everything).
 */
export function judgeGroupOffsets(
  src: KcatRecord[],
  dst: KcatRecord[],
  readValues: string[],
  sourceCommitted: Map<number, number>,
  targetCommitted: Map<number, number>,
): GroupPartitionVerdict[] {
  const s = recordsByPartition(src);
  const t = recordsByPartition(dst);
  const partitionOf = new Map(src.map((r) => [r.payload, r.partition] as const));
  const readPerPartition = new Map<number, number>();
  for (const v of readValues) {
    const p = partitionOf.get(v);
    if (p !== undefined) readPerPartition.set(p, (readPerPartition.get(p) ?? 0) + 1);
  }
  const before = (records: KcatRecord[], offset: number | undefined) => (offset === undefined ? 0 : records.filter((r) => r.offset < offset).length);
  const partitions = [...new Set([...sourceCommitted.keys(), ...readPerPartition.keys()])].sort((a, b) => a - b);
  return partitions.map((partition) => {
    const sourceRecords = s.get(partition) ?? [];
    const targetRecords = t.get(partition) ?? [];
    const sourceOffset = sourceCommitted.get(partition);
    const targetOffset = targetCommitted.get(partition);
    const read = readPerPartition.get(partition) ?? 0;
    const onSource = before(sourceRecords, sourceOffset);
    const onTarget = before(targetRecords, targetOffset);
    const next = (records: KcatRecord[], i: number) => (records[i] ? recordIdentity(records[i]) : 'end');
    const exact = targetOffset !== undefined && read === onSource && onTarget === onSource && next(targetRecords, onTarget) === next(sourceRecords, onSource);
    return { partition, read, sourceOffset, targetOffset, exact };
  });
}
