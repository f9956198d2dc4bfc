/** Check bookkeeping and the independent helpers (kcat) of the client spike. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { kcatAuth, type KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';

const run = promisify(execFile);

export type ClientName = 'platformatic' | 'kafkajs';

export interface CheckResult {
  client: ClientName;
  cluster: string;
  check: string;
  ok: boolean;
  figure: string;
  ms: number;
}

export const results: CheckResult[] = [];

/** Runs one check; its return value is the figure, a throw is a FAIL with the error as the note. */
export async function check(client: ClientName, cluster: KafkaCluster, name: string, fn: () => Promise<string>): Promise<void> {
  const start = performance.now();
  let ok = true;
  let figure: string;
  try {
    figure = await withTimeout(fn(), 60_000, name);
  } catch (err) {
    ok = false;
    figure = describeError(err);
  }
  const ms = Math.round(performance.now() - start);
  results.push({ client, cluster: cluster.name, check: name, ok, figure, ms });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${client.padEnd(12)} ${cluster.name.padEnd(16)} ${name.padEnd(34)} ${figure} (${ms} ms)`);
}

export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // Both libraries wrap broker errors; the innermost message names the Kafka error.
  const inner = (err as { errors?: unknown[] }).errors?.[0];
  const cause = (err as { cause?: unknown }).cause;
  const extra = inner instanceof Error ? ` <- ${describeError(inner)}` : cause instanceof Error ? ` <- ${describeError(cause)}` : '';
  return `${err.constructor.name}: ${err.message.split('\n')[0]}${extra}`.slice(0, 300);
}

/** The Kafka error name inside a library error: platformatic's `apiId`, kafkajs's `type`. */
export function kafkaErrorName(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as { apiId?: unknown; type?: unknown; errors?: unknown[]; cause?: unknown; message?: unknown };
  if (typeof e.apiId === 'string') return e.apiId;
  if (typeof e.type === 'string' && /^[A-Z_]+$/.test(e.type)) return e.type;
  for (const inner of [...(e.errors ?? []), e.cause]) {
    const found = kafkaErrorName(inner, depth + 1);
    if (found) return found;
  }
  return depth === 0 && typeof e.message === 'string' ? e.message.slice(0, 120) : undefined;
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export interface KcatRecordFull {
  partition: number;
  offset: number;
  ts: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

/** kcat reads a partition (read_committed), the independent judge of what a client wrote. */
export async function kcatRead(cluster: KafkaCluster, topic: string, partition?: number): Promise<KcatRecordFull[]> {
  const args = ['-b', cluster.bootstrap, ...kcatAuth(cluster), '-C', '-t', topic, '-o', 'beginning', '-e', '-J', '-q', '-X', 'isolation.level=read_committed'];
  if (partition !== undefined) args.push('-p', String(partition));
  const { stdout } = await run('kcat', args, { maxBuffer: 1 << 28, timeout: 60_000 });
  return stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as KcatRecordFull);
}

/** kcat writes `values` to one partition, optionally compressed: batches no Node client encoded. */
export async function kcatWrite(cluster: KafkaCluster, topic: string, partition: number, values: string[], codec?: string): Promise<void> {
  const args = ['-b', cluster.bootstrap, ...kcatAuth(cluster), '-P', '-t', topic, '-p', String(partition), '-X', 'linger.ms=50'];
  if (codec) args.push('-z', codec);
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kcat', args, { timeout: 60_000 }, (err, _o, stderr) => (err ? reject(new Error(`kcat: ${stderr || err.message}`)) : resolve()));
    child.stdin?.end(values.join('\n') + '\n');
  });
}

/** A kcat balanced consumer: an active member of `group` held by a process that is not either client. */
export function kcatGroupMember(cluster: KafkaCluster, group: string, topic: string): ChildProcess {
  return spawn('kcat', ['-b', cluster.bootstrap, ...kcatAuth(cluster), '-G', group, '-q', topic], { stdio: 'ignore' });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await sleep(300);
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

/** The records the fidelity check writes: duplicate header keys interleaved, null key, tombstone, old timestamps. */
export const fidelityTimestamp = 1_600_000_000_000;
export interface FidelityRecord {
  key: string | null;
  value: string | null;
  headers: Array<[string, string]>;
  timestamp: number;
}
export const fidelityRecords: FidelityRecord[] = [
  { key: 'k1', value: 'v1', headers: [['h', 'a'], ['x', '1'], ['h', 'b']], timestamp: fidelityTimestamp },
  { key: null, value: 'no-key', headers: [], timestamp: fidelityTimestamp + 1 },
  { key: 'k1', value: null, headers: [['tomb', 'stone']], timestamp: fidelityTimestamp + 2 },
  { key: 'k3', value: '', headers: [['h', ''], ['h', 'c'], ['h', 'a']], timestamp: fidelityTimestamp - 5_000 },
];

/** Compares what a reader saw with fidelityRecords; returns a diff description or '' when equal. */
export function fidelityDiff(seen: FidelityRecord[]): string {
  const want = JSON.stringify(fidelityRecords);
  const got = JSON.stringify(seen);
  return want === got ? '' : `want ${want} got ${got}`;
}

/** kcat prints headers as a flat [k1, v1, k2, v2] list. */
export function kcatAsFidelity(r: KcatRecordFull): FidelityRecord {
  const h = r.headers ?? [];
  const headers: Array<[string, string]> = [];
  for (let i = 0; i + 1 < h.length; i += 2) headers.push([h[i] ?? '', h[i + 1] ?? '']);
  return { key: r.key, value: r.payload, headers, timestamp: r.ts };
}
