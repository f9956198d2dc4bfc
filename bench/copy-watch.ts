/**
 * When is a copy done? When every target partition's committed tail holds the source partition's end
 * marker (data-set.ts). Reading tails with kcat costs a process start, so it is asked only once every
 * target end offset has reached the source's (which ExactlyOnce commit markers make happen early,
 * AtLeastOnce exactly at the end).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { kcatAuth, type KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import type { ClusterAdmin, TopicLayout } from './cluster-admin.ts';
import { END_MARKER, type PreloadedDataSet } from './data-set.ts';

const run = promisify(execFile);

/** The partitions of `topic` whose last few committed records include the end marker. */
async function partitionsWithEndMarker(target: KafkaCluster, topic: string): Promise<Set<number>> {
  // The marker is the last data record; after it come at most a commit marker (one offset) and, on
  // AtLeastOnce, a rare duplicate of a retried batch.
  const { stdout } = await run('kcat', ['-b', target.bootstrap, ...kcatAuth(target), '-C', '-t', topic, '-o', '-4', '-e', '-q', '-X', 'isolation.level=read_committed', '-f', '%p %s\n'], { maxBuffer: 1 << 26, timeout: 60_000 });
  const found = new Set<number>();
  for (const line of stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1) === END_MARKER) found.add(Number(line.slice(0, space)));
  }
  return found;
}

async function holdsEveryEndMarker(target: KafkaCluster, layout: readonly TopicLayout[]): Promise<boolean> {
  for (const t of layout) if ((await partitionsWithEndMarker(target, t.name)).size < t.partitions) return false;
  return true;
}

export interface CopyWatchOptions {
  intervalMs?: number;
  /** Give up when the target's offsets have not moved for this long. */
  stallMs?: number;
  /** Called on every poll (the runner checks its mirror is alive). */
  onPoll?: () => void;
  /** Called with the sum of the target's end offsets on every poll. */
  onProgress?: (targetOffsets: number) => void;
}

/** Resolves when the target holds the whole data set; throws when the copy stalls. */
export async function untilCopied(target: KafkaCluster, targetAdmin: ClusterAdmin, data: PreloadedDataSet, options: CopyWatchOptions = {}): Promise<void> {
  const { intervalMs = 250, stallMs = 180_000 } = options;
  let lastTotal = -1;
  let lastMove = Date.now();
  let lastTailRead = 0;
  for (;;) {
    options.onPoll?.();
    const end = await targetAdmin.endOffsets(data.layout);
    const total = [...end.values()].reduce((a, b) => a + b, 0);
    options.onProgress?.(total);
    if (total !== lastTotal) [lastTotal, lastMove] = [total, Date.now()];
    const reached = [...data.sourceEnd].every(([key, offset]) => (end.get(key) ?? 0) >= offset);
    // A tail read starts a process: at most one every 500 ms, not to steal the mirror's CPU.
    if (reached && Date.now() - lastTailRead >= 500) {
      lastTailRead = Date.now();
      if (await holdsEveryEndMarker(target, data.layout)) return;
    }
    if (Date.now() - lastMove > stallMs) throw new Error(`copy stalled: target end offsets sum ${total} unchanged for ${stallMs} ms (source: ${[...data.sourceEnd.values()].reduce((a, b) => a + b, 0)})`);
    await sleep(intervalMs);
  }
}
