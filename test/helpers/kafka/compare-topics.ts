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

const identity = (r: KcatRecord): string => JSON.stringify([r.key, r.payload, r.headers ?? [], r.ts, r.tstype === 'logappend' ? 'create' : r.tstype]);

/**
 * Compares with an independent reader (kcat, read_committed): per partition, the target must hold the
 * same records in the same order. Loss and duplication are counted by content, so a failure says how
 * many records went missing or came twice.
 */
export async function compareTopics(source: KafkaCluster, sourceTopic: string, target: KafkaCluster, targetTopic = sourceTopic): Promise<TopicComparison> {
  const [src, dst] = await Promise.all([kcatReadAll(source, sourceTopic), kcatReadAll(target, targetTopic)]);
  const byPartition = (rs: KcatRecord[]) => {
    const m = new Map<number, string[]>();
    for (const r of rs) m.set(r.partition, [...(m.get(r.partition) ?? []), identity(r)]);
    return m;
  };
  const s = byPartition(src);
  const t = byPartition(dst);
  let lost = 0;
  let duplicated = 0;
  const mismatched: number[] = [];
  for (const p of new Set([...s.keys(), ...t.keys()])) {
    const a = s.get(p) ?? [];
    const b = t.get(p) ?? [];
    if (JSON.stringify(a) !== JSON.stringify(b)) mismatched.push(p);
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
