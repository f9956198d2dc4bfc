import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKER_MALLOC_ARENA_MAX, workerNodeOptions, WorkerEnv } from '../../../src/worker/worker-contract.ts';
import type { KafkaCluster } from '../kafka/kafka-cluster.ts';
import { freePort } from '../ports.ts';
import { startProcess, stopProcess, waitFor, type ManagedProcess } from '../processes.ts';
import { projectRoot, runSubdir } from '../run-dir.ts';

/** What a worker reports on /status (see src/worker/run-worker.ts). */
export interface WorkerStatus {
  state: 'Starting' | 'Running' | 'Idle';
  reason?: string;
  worker: number;
  revision: number;
  assigned: string[];
  recordsBehind: number;
  /** When the fetch that measured recordsBehind was sent (ISO 8601). */
  lagMeasuredAt?: string;
  recordsCopied: number;
  stopped: Array<{ topic: string; partition: number; offset: number; error: string; message: string }>;
  /** Worker 0's latest finished metadata-sync round (src/sync/sync-summary.ts). */
  sync?: { lastRoundAt?: string; errors: number; groups: { matched: number; synced: number; failed: Array<{ group: string; reason: string }> } };
}

export interface JobFiles {
  jobFile: string;
  secretsDir: string;
}

const connectionOf = (cluster: KafkaCluster, secretName: string) => ({
  bootstrapServers: [cluster.bootstrap],
  ...(cluster.sasl ? { sasl: { mechanism: 'PLAIN', credentialsSecretRef: { name: secretName } } } : {}),
});

/** Writes a MirrorJob for the test clusters and its Secrets as files, the way worker Pods get them. */
export function writeJobFiles(
  name: string,
  source: KafkaCluster,
  target: KafkaCluster,
  spec: { topics: string[]; workers?: number; delivery?: 'ExactlyOnce' | 'AtLeastOnce'; user?: { username: string; password: string }; configs?: { sync: boolean } },
  version = 'v1',
): JobFiles {
  // One folder per version of the job, so a test can hand a changed job to new workers while old ones run.
  const dir = runSubdir('jobs', name, version);
  const secretsDir = join(dir, 'secrets');
  for (const [cluster, secret] of [[source, 'source-credentials'], [target, 'target-credentials']] as const) {
    if (!cluster.sasl) continue;
    const login = spec.user ?? cluster.sasl.admin;
    mkdirSync(join(secretsDir, secret), { recursive: true });
    writeFileSync(join(secretsDir, secret, 'username'), login.username);
    writeFileSync(join(secretsDir, secret, 'password'), login.password);
  }
  const job = {
    apiVersion: 'kafkamirror.io/v1alpha1',
    kind: 'MirrorJob',
    metadata: { name, namespace: 'test' },
    spec: {
      source: connectionOf(source, 'source-credentials'),
      target: connectionOf(target, 'target-credentials'),
      topics: { include: spec.topics.map((t) => t.replace(/[.]/g, '\\.')) },
      replication: { workers: spec.workers ?? 1, delivery: spec.delivery ?? 'ExactlyOnce' },
      syncIntervalSeconds: 2,
      ...(spec.configs ? { configs: spec.configs } : {}),
    },
  };
  const jobFile = join(dir, 'job.json');
  writeFileSync(jobFile, JSON.stringify(job, null, 2));
  return { jobFile, secretsDir };
}

export interface WorkerProcess extends ManagedProcess {
  port: number;
  /** Resolves when the process exits, with its exit code (null when a signal ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  status(): Promise<WorkerStatus>;
  /** The whole /status answer, as the operator reads it (operator/worker-report.ts). */
  report(): Promise<unknown>;
  stop(): Promise<void>;
  signal(sig: NodeJS.Signals): void;
}

/** Starts `node main.ts worker` as the worker Pod would run it. */
export async function startWorker(files: JobFiles, worker: { index: number; revision: number }): Promise<WorkerProcess> {
  const port = await freePort();
  let onExit: (code: number | null, signal: NodeJS.Signals | null) => void = () => undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => (onExit = (code, signal) => resolve({ code, signal })));
  const proc = startProcess(`worker-${worker.revision}-${worker.index}-${port}`, process.execPath, [join(projectRoot, 'main.ts'), 'worker'], {
    env: {
      ...process.env,
      [WorkerEnv.jobFile]: files.jobFile,
      [WorkerEnv.secretsDir]: files.secretsDir,
      [WorkerEnv.revision]: String(worker.revision),
      [WorkerEnv.workerIndex]: String(worker.index),
      [WorkerEnv.metricsPort]: String(port),
      [WorkerEnv.podIp]: '127.0.0.1',
      // As the worker Pod runs it, plus whatever the caller adds (a bench's profiler flags).
      NODE_OPTIONS: [workerNodeOptions(), process.env.NODE_OPTIONS].filter(Boolean).join(' '),
      MALLOC_ARENA_MAX: WORKER_MALLOC_ARENA_MAX,
      // Info unless the caller asks for more (a bench's BENCH_WORKER_ENV=LOG_LEVEL=debug).
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    onExit,
  });
  const report = async (): Promise<unknown> => (await fetch(`http://127.0.0.1:${port}/status`)).json();
  const status = async (): Promise<WorkerStatus> => ((await report()) as { detail: WorkerStatus }).detail;
  await waitFor(`worker ${worker.index} to serve /status (log: ${proc.logFile})`, async () => (await status()).state, { timeoutMs: 60_000 });
  return {
    ...proc,
    port,
    exited,
    status,
    report,
    stop: () => stopProcess(proc, 30_000),
    signal: (sig) => process.kill(proc.pid, sig),
  };
}

/**
 * Waits until every worker runs with a share and has committed copies: what can be waited for while
 * producers still write (lag is rarely 0 then: records wait for the commit interval).
 */
export async function untilWorkersCopying(workers: WorkerProcess[], timeoutMs = 120_000): Promise<WorkerStatus[]> {
  return waitFor(
    'the workers to copy',
    async () => {
      const all = await Promise.all(workers.map((w) => w.status()));
      return all.every((s) => s.state === 'Running' && s.assigned.length > 0 && s.recordsCopied > 0) ? all : undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
}

/** Whether the worker runs with a share and had copied everything the source held at `since` (ms since the epoch). */
export const caughtUpSince = (s: WorkerStatus, since: number): boolean =>
  s.state === 'Running' && s.assigned.length > 0 && s.recordsBehind === 0 && s.lagMeasuredAt !== undefined && Date.parse(s.lagMeasuredAt) >= since;

/**
 * Waits until the workers are running and have nothing left to copy of what the source held when this
 * was called: a lag measured by a fetch sent before then may predate the records just written.
 */
export async function untilWorkersCaughtUp(workers: WorkerProcess[], timeoutMs = 120_000): Promise<WorkerStatus[]> {
  const asked = Date.now();
  return waitFor(
    'the workers to catch up',
    async () => {
      const all = await Promise.all(workers.map((w) => w.status()));
      return all.every((s) => caughtUpSince(s, asked)) ? all : undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
}
