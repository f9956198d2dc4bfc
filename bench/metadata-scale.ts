/**
 * Metadata at scale: many topics and partitions on the source, none on the target. How long does each
 * mirror take from its start until the target lists every topic with its partitions (ours: worker 0's
 * metadata sync), and how much memory does it hold with all of them assigned and idle?
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '../test/helpers/processes.ts';
import type { ClusterAdmin, TopicLayout } from './cluster-admin.ts';
import type { MirrorUnderTest } from './mirror.ts';
import { sampleProcesses } from './process-sampler.ts';
import type { ScaleResult } from './results.ts';

/** How long memory is watched once everything is created (and, for ours, assigned). */
const IDLE_WATCH_MS = 15_000;

/** `partitions` spread over `topics` topics named `scale-NNN`, the first ones one partition more. */
export function scaleLayout(topics: number, partitions: number): TopicLayout[] {
  const base = Math.floor(partitions / topics);
  const extra = partitions % topics;
  return Array.from({ length: topics }, (_, i) => ({ name: `scale-${String(i).padStart(4, '0')}`, partitions: base + (i < extra ? 1 : 0) }));
}

const isScaleTopic = (name: string): boolean => name.startsWith('scale-');

export async function measureMetadataScale(mirror: MirrorUnderTest, targetAdmin: ClusterAdmin, layout: readonly TopicLayout[], runId: string): Promise<ScaleResult> {
  const partitions = layout.reduce((n, t) => n + t.partitions, 0);
  await targetAdmin.deleteTopics(layout.map((t) => t.name));
  const wanted = new Map(layout.map((t) => [t.name, t.partitions]));
  const started = performance.now();
  const running = await mirror.start(['scale-.*'], runId);
  const sampler = sampleProcesses(() => running.pids(), 500);
  try {
    await waitFor(`${mirror.label} to create ${layout.length} topics on the target (log: ${running.logFile})`, async () => {
      if (!running.alive()) throw new Error(`${mirror.label} exited`);
      const listed = await targetAdmin.partitionCounts(isScaleTopic);
      return listed.size === wanted.size && [...wanted].every(([name, n]) => listed.get(name) === n) ? true : undefined;
    }, { timeoutMs: 600_000, intervalMs: 250 });
    const secondsToCreate = (performance.now() - started) / 1000;
    let assignedPartitions: number | undefined;
    if (running.assignedPartitions) {
      const assigned = running.assignedPartitions;
      assignedPartitions = await waitFor(`${mirror.label} to assign ${partitions} partitions`, async () => {
        const n = await assigned();
        return n >= partitions ? n : undefined;
      }, { timeoutMs: 300_000, intervalMs: 500 }).catch(async () => assigned());
    }
    await sleep(IDLE_WATCH_MS);
    const usage = sampler.finish();
    return { label: mirror.label, topics: layout.length, partitions, secondsToCreate, ...(assignedPartitions !== undefined ? { assignedPartitions } : {}), peakRssMiB: usage.peakRssMiB, rssMiB: usage.rssMiB };
  } finally {
    sampler.finish();
    await running.stop();
  }
}
