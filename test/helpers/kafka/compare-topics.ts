import type { KafkaCluster } from './kafka-cluster.ts';
import { kcatReadAll, type KcatRecord } from './kcat.ts';

/** The outcome of comparing a source topic with its mirror, record by record, as kcat reads them. */
export interface TopicComparison {
  sourceRecords: number;
  targetRecords: number;
  /** Source records with no copy on the target. */
  lost: number;
  /** Target records beyond the first copy of a source record. */
  duplicated: number;
  /** Partitions whose record sequence (key, value, headers, timestamp, order) differs. */
  mismatchedPartitions: number[];
}

/** What a mirror must keep of a record: key, value, headers, timestamp (a log-append time was a create time at the source). */
export const recordIdentity = (r: KcatRecord): string => JSON.stringify([r.key, r.payload, r.headers ?? [], r.ts, r.tstype === 'logappend' ? 'create' : r.tstype]);

/** Records grouped by partition, in the order read (offset order). */
export function recordsByPartition<T extends { partition: number }>(records: T[]): Map<number, T[]> {
  const byPartition = new Map<number, T[]>();
  for (const r of records) {
    const list = byPartition.get(r.partition);
    if (list) list.push(r);
    else byPartition.set(r.partition, [r]);
  }
  return byPartition;
}

/**
 * Compares with an independent reader (kcat, read_committed): per partition, the target must hold the
 * same records in the same order. Loss and duplication are counted by content, so a failure says how
 * many records went missing or came twice.
 */
export async function compareTopics(source: KafkaCluster, sourceTopic: string, target: KafkaCluster, targetTopic = sourceTopic): Promise<TopicComparison> {
  const [src, dst] = await Promise.all([kcatReadAll(source, sourceTopic), kcatReadAll(target, targetTopic)]);
  return compareRecords(src, dst);
}

/** compareTopics on records already read. */
export function compareRecords(src: KcatRecord[], dst: KcatRecord[]): TopicComparison {
  const s = recordsByPartition(src);
  const t = recordsByPartition(dst);
  let lost = 0;
  let duplicated = 0;
  const mismatched: number[] = [];
  for (const p of new Set([...s.keys(), ...t.keys()])) {
    const a = (s.get(p) ?? []).map(recordIdentity);
    const b = (t.get(p) ?? []).map(recordIdentity);
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) mismatched.push(p);
    const counts = new Map<string, number>();
    for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
    for (const x of b) counts.set(x, (counts.get(x) ?? 0) - 1);
    for (const c of counts.values()) {
      if (c > 0) lost += c;
      if (c < 0) duplicated += -c;
    }
  }
  return { sourceRecords: src.length, targetRecords: dst.length, lost, duplicated, mismatchedPartitions: mismatched.sort((x, y) => x - y) };
}
