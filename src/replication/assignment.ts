/** A partition of a source topic. */
export interface SourcePartition {
  topic: string;
  partition: number;
}

/** FNV-1a, 32 bit: a stable string hash, the same in every worker and every release. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The worker that owns a partition: a topic's partitions go round-robin over the workers starting at a
 * worker chosen by the topic's hash. Every partition has exactly one owner; a topic's partitions
 * spread evenly; and adding topics or partitions never moves a partition that already had an owner,
 * so only a change of worker count reassigns (and that starts a new generation).
 */
export const ownerOf = (p: SourcePartition, workerCount: number): number => (stableHash(p.topic) + p.partition) % workerCount;

export function assignedTo(worker: number, workerCount: number, partitions: SourcePartition[]): SourcePartition[] {
  return partitions.filter((p) => ownerOf(p, workerCount) === worker);
}

export const partitionKey = (p: SourcePartition): string => `${p.topic}:${p.partition}`;
