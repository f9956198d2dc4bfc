/**
 * When is a copy done? When every target partition's committed tail holds the source partition's end
 * marker (data-set.ts). Reading a topic's tail with kcat costs a process start, so it is asked only once
 * each of the topic's target end offsets has reached the count of records the source holds for a
 * read_committed reader (which ExactlyOnce commit markers make happen early, AtLeastOnce exactly at
 * the end), and a topic found whole is not read again: a set of hundreds of topics is confirmed topic
 * by topic while it is copied.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapLimit } from '../src/sync/concurrency.ts';
import { kcatAuth, type KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { KCAT_QUICK_END } from '../test/helpers/kafka/kcat.ts';
import type { ClusterAdmin, TopicLayout } from './cluster-admin.ts';
import { END_MARKER } from './data-set.ts';

const run = promisify(execFile);

/** The partitions of `topic` whose last few committed records include the end marker. */
async function partitionsWithEndMarker(target: KafkaCluster, topic: string): Promise<Set<number>> {
  // The marker is the last data record; after it come at most a commit marker (one offset) and, on
  // AtLeastOnce, a rare duplicate of a retried batch.
  const { stdout } = await run('kcat', ['-b', target.bootstrap, ...kcatAuth(target), '-C', '-t', topic, '-o', '-4', '-e', '-q', '-X', 'isolation.level=read_committed', ...KCAT_QUICK_END, '-f', '%p %s\n'], { maxBuffer: 1 << 26, timeout: 60_000 });
  const found = new Set<number>();
  for (const line of stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1) === END_MARKER) found.add(Number(line.slice(0, space)));
  }
  return found;
}

/** What a copy must bring to the target. */
export interface DataToCopy {
  layout: readonly TopicLayout[];
  /** Records a read_committed reader sees in each source partition, end marker included, keyed `topic:partition`. */
  committed: Map<string, number>;
  /** Records and value bytes of the set, end markers left out: what the rates count. */
  records: number;
  bytes: number;
}

/** Tails are read by at most this many kcat processes at once, not to steal the mirror's CPU. */
const TAIL_READERS = 2;
/** A topic whose tail lacked a marker is read again after this long at the earliest. */
const TAIL_REREAD_MS = 1_000;

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
export async function untilCopied(target: KafkaCluster, targetAdmin: ClusterAdmin, data: DataToCopy, options: CopyWatchOptions = {}): Promise<void> {
  const { intervalMs = 250, stallMs = 180_000 } = options;
  const whole = new Set<string>();
  /** The last end offset seen of every target partition. */
  const end = new Map<string, number>();
  const lastRead = new Map<string, number>();
  let lastTotal = -1;
  let lastMove = Date.now();
  for (;;) {
    options.onPoll?.();
    // Only topics not yet whole are asked: listing thousands of offsets four times a second is work
    // for the target broker too. A partition a mirror has just created may not tell its end yet: it is
    // left out of this poll, and the others still count.
    const fresh = await targetAdmin.endOffsetsSoFar(data.layout.filter((t) => !whole.has(t.name))).catch(() => undefined);
    if (!fresh) {
      if (Date.now() - lastMove > stallMs) throw new Error(`copy stalled: the target's end offsets could not be listed for ${stallMs} ms`);
      await sleep(intervalMs);
      continue;
    }
    for (const [key, offset] of fresh) end.set(key, offset);
    const total = [...end.values()].reduce((a, b) => a + b, 0);
    options.onProgress?.(total);
    if (total !== lastTotal) [lastTotal, lastMove] = [total, Date.now()];
    const due = data.layout.filter((t) => !whole.has(t.name) && Date.now() - (lastRead.get(t.name) ?? 0) >= TAIL_REREAD_MS
      && Array.from({ length: t.partitions }, (_, p) => `${t.name}:${p}`).every((key) => (end.get(key) ?? 0) >= (data.committed.get(key) ?? 0)));
    await mapLimit(due, TAIL_READERS, async (t) => {
      lastRead.set(t.name, Date.now());
      if ((await partitionsWithEndMarker(target, t.name)).size === t.partitions) whole.add(t.name);
    });
    if (whole.size === data.layout.length) return;
    if (Date.now() - lastMove > stallMs) throw new Error(`copy stalled: target end offsets sum ${total} unchanged for ${stallMs} ms (${whole.size} of ${data.layout.length} topics whole)`);
    await sleep(intervalMs);
  }
}
