/**
 * A restarted worker 0's offset map, as a process of its own so its memory is its own: reads the
 * directory and the offset map's tail, prepares the given committed offsets, translates them, and
 * prints one JSON line. Input (env OFFSET_MAP_RESTART): { access, jobId, committed: CommittedAt[] }.
 */
import { ClusterLink, type ClusterAccess } from '../../../src/kafka/cluster-link.ts';
import { jobTopics } from '../../../src/replication/checkpoints/internal-topics.ts';
import { OffsetMapReader, type CommittedAt } from '../../../src/replication/offset-map/offset-map.reader.ts';

const input = JSON.parse(process.env.OFFSET_MAP_RESTART ?? '{}') as { access: ClusterAccess; jobId: string; committed: CommittedAt[] };
const link = new ClusterLink(input.access, 'test-offset-map-restart');
try {
  const began = performance.now();
  const reader = new OffsetMapReader(link, jobTopics(input.jobId));
  const refresh = await reader.refresh();
  await reader.prepare(input.committed);
  const translations = input.committed.map((c) => reader.translate(c.topic, c.partition, c.offset));
  const ms = Math.round(performance.now() - began);
  let hotRuns = 0;
  let segments = 0;
  for (const { map } of reader.partitions()) {
    hotRuns += map.runCount;
    segments += map.segments.length;
  }
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, external } = process.memoryUsage();
  const mib = (n: number): number => Math.round(n / 2 ** 20);
  process.stdout.write(`${JSON.stringify({ refresh, ms, peakRssMiB, rssMiB: mib(rss), heapUsedMiB: mib(heapUsed), externalMiB: mib(external), hotRuns, segments, partitions: reader.partitionCount, translations })}\n`);
} finally {
  await link.close();
}
