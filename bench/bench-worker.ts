/**
 * A worker started by a bench, with the node options and environment the bench's caller asked for
 * (BENCH_WORKER_NODE_OPTIONS, BENCH_WORKER_ENV) on top of what the worker Pod runs with. They apply
 * to the worker alone: the bench process itself keeps its own heap and flags.
 */
import { runDir } from '../test/helpers/run-dir.ts';
import { startWorker, type JobFiles, type WorkerProcess } from '../test/helpers/replication/worker-process.ts';

export async function startBenchWorker(files: JobFiles, worker: { index: number; revision: number }): Promise<WorkerProcess> {
  const workerOptions = process.env.BENCH_WORKER_NODE_OPTIONS;
  const extraEnv = (process.env.BENCH_WORKER_ENV ?? '').split(' ').filter(Boolean).map((pair) => pair.split('=') as [string, string]);
  const saved = process.env.NODE_OPTIONS;
  if (workerOptions) {
    // Profiles land in the run folder rather than wherever the worker's working directory is.
    const dirs = ['cpu', 'heap'].filter((kind) => workerOptions.includes(`--${kind}-prof`)).map((kind) => `--${kind}-prof-dir=${runDir()}/profiles`);
    process.env.NODE_OPTIONS = [workerOptions, ...dirs].join(' ');
  }
  for (const [name, value] of extraEnv) process.env[name] = value;
  try {
    return await startWorker(files, worker);
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
    for (const [name] of extraEnv) delete process.env[name];
  }
}
