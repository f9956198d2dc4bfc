import type { ClusterLink } from './cluster-link.ts';

export const EARLIEST = -2n;
export const LATEST = -1n;

/**
 * ListOffsets, read_committed, for many partitions: "topic:partition" -> offset. LATEST gives the last
 * stable offset, the end of what a mirror (or any read_committed consumer) can read.
 */
export async function listOffsets(link: ClusterLink, partitions: Array<{ topic: string; partition: number }>, at: bigint): Promise<Map<string, number>> {
  if (partitions.length === 0) return new Map();
  const byTopic = new Map<string, number[]>();
  for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
  const listed = await link.client.listOffsets({
    topics: [...byTopic].map(([name, parts]) => ({ name, partitions: parts.map((partitionIndex) => ({ partitionIndex, timestamp: at })) })),
    isolationLevel: 1,
  });
  return new Map(listed.flatMap((t) => t.partitions.map((p) => [`${t.name}:${p.partitionIndex}`, Number(p.offset)] as [string, number])));
}
