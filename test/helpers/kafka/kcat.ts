import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { kcatAuth, type KafkaCluster } from './kafka-cluster.ts';

const run = promisify(execFile);

/**
 * kcat, the independent reader and writer of the tests: it shares no code with the project, so what it
 * reads from a target is what any Kafka client would read.
 */
export interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  tstype: string;
  ts: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

type User = { username: string; password: string };

/**
 * For kcat -e. It ends once it has seen every partition's end, which it learns from a fetch that the
 * broker holds for fetch.wait.max.ms (500 ms by default) before answering that nothing more came: half
 * a second on every read of a topic. At 5 ms the read ends at once; which records it reads is the same.
 */
export const KCAT_QUICK_END = ['-X', 'fetch.wait.max.ms=5'];

/** Reads every record of `topic` from the earliest offset to the end (read_committed). */
export async function kcatReadAll(cluster: KafkaCluster, topic: string, user?: User): Promise<KcatRecord[]> {
  // Seen once under load: kcat -e ended at once with nothing and exit code 0 on a topic holding 900
  // records (its metadata answer came without the topic's partitions). An empty read is asked again;
  // a topic that is really empty just answers empty three times.
  for (let attempt = 0; ; attempt++) {
    const read = await readSettled(cluster, topic, user);
    if (read.length > 0 || attempt === 2) return read;
    await sleep(1_000);
  }
}

/** How long a read waits for the transactions it found open to end; past it, it reads what is visible. */
const SETTLE_TIMEOUT_MS = 15_000;

/**
 * A read_committed read ends each partition at its last stable offset. A transaction committed a moment
 * ago is only visible once the coordinator has written its markers, which it does after it answered the
 * commit: under load, a read right after a mirror stopped saw a whole partition empty. When a partition's
 * read ended short of its high watermark, a transaction was open there; the read is made again once every
 * such partition's stable offset has passed that watermark (or the wait runs out, and the gap shows).
 */
async function readSettled(cluster: KafkaCluster, topic: string, user?: User): Promise<KcatRecord[]> {
  const first = await kcatReadOnce(cluster, topic, user);
  const ends = await kcatEndOffsets(cluster, topic, [...first.ends.keys()], 'read_uncommitted', user);
  const open = [...ends].filter(([p, highWatermark]) => highWatermark > first.ends.get(p)!);
  if (open.length === 0) return first.records;
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const stable = await kcatEndOffsets(cluster, topic, open.map(([p]) => p), 'read_committed', user);
    if (open.every(([p, highWatermark]) => stable.get(p)! >= highWatermark) || Date.now() > deadline) break;
    await sleep(100);
  }
  return (await kcatReadOnce(cluster, topic, user)).records;
}

/** The records, and the offset each partition's read ended at (its last stable offset then). */
async function kcatReadOnce(cluster: KafkaCluster, topic: string, user?: User): Promise<{ records: KcatRecord[]; ends: Map<number, number> }> {
  const { stdout, stderr } = await run(
    'kcat',
    ['-b', cluster.bootstrap, ...kcatAuth(cluster, user), '-C', '-t', topic, '-o', 'beginning', '-e', '-J', '-X', 'isolation.level=read_committed', ...KCAT_QUICK_END],
    { maxBuffer: 1 << 30, timeout: 120_000 },
  );
  const ends = new Map<number, number>();
  for (const [, partition, offset] of stderr.matchAll(/Reached end of topic .* \[(\d+)\] at offset (\d+)/g)) ends.set(Number(partition), Number(offset));
  const records = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as KcatRecord);
  return { records, ends };
}

/** Each partition's end: its high watermark (read_uncommitted) or its last stable offset (read_committed). */
export async function kcatEndOffsets(cluster: KafkaCluster, topic: string, partitions: number[], isolation: 'read_committed' | 'read_uncommitted', user?: User): Promise<Map<number, number>> {
  if (partitions.length === 0) return new Map();
  const { stdout } = await run('kcat', ['-b', cluster.bootstrap, ...kcatAuth(cluster, user), '-Q', '-X', `isolation.level=${isolation}`, ...partitions.flatMap((p) => ['-t', `${topic}:${p}:-1`])], { timeout: 60_000 });
  const ends = new Map<number, number>();
  for (const [, partition, offset] of stdout.matchAll(/\[(\d+)\] offset (-?\d+)/g)) ends.set(Number(partition), Number(offset));
  return ends;
}

/** Produces `lines` (one record each, "key<TAB>value" when keyed) to `topic`. */
export async function kcatProduce(cluster: KafkaCluster, topic: string, lines: string[], opts: { keyed?: boolean; partition?: number; user?: User } = {}): Promise<void> {
  const args = ['-b', cluster.bootstrap, ...kcatAuth(cluster, opts.user), '-P', '-t', topic];
  if (opts.keyed) args.push('-K', '\t');
  if (opts.partition !== undefined) args.push('-p', String(opts.partition));
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kcat', args, { timeout: 60_000 }, (err, _out, stderr) => (err ? reject(new Error(`kcat produce failed: ${stderr || err.message}`)) : resolve()));
    child.stdin?.end(lines.join('\n') + '\n');
  });
}
