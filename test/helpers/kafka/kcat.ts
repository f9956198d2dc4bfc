import { execFile } from 'node:child_process';
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
    const records = await kcatReadOnce(cluster, topic, user);
    if (records.length > 0 || attempt === 2) return records;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function kcatReadOnce(cluster: KafkaCluster, topic: string, user?: User): Promise<KcatRecord[]> {
  const { stdout } = await run(
    'kcat',
    ['-b', cluster.bootstrap, ...kcatAuth(cluster, user), '-C', '-t', topic, '-o', 'beginning', '-e', '-J', '-q', '-X', 'isolation.level=read_committed', ...KCAT_QUICK_END],
    { maxBuffer: 1 << 30, timeout: 120_000 },
  );
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as KcatRecord);
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
