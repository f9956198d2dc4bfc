import { readFileSync } from 'node:fs';
import { startWorker, type JobFiles, type WorkerProcess } from '../../helpers/replication/worker-process.ts';

/**
 * Runs a worker process on `job` while `during` runs, then returns everything it showed the world:
 * its /status and /metrics responses (taken while it ran) and its whole log (after it stopped).
 */
export async function workerOutputs(job: JobFiles, during: (worker: WorkerProcess) => Promise<void>): Promise<Array<[string, string]>> {
  // A revision newer than any earlier run of the job (the CLI's runs fence older revisions out).
  const worker = await startWorker(job, { index: 0, revision: Date.now() });
  const outputs: Array<[string, string]> = [];
  try {
    await during(worker);
    for (const path of ['/status', '/metrics', '/healthz', '/readyz']) {
      const res = await fetch(`http://127.0.0.1:${worker.port}${path}`);
      outputs.push([`worker ${path}`, await res.text()]);
    }
  } finally {
    await worker.stop();
  }
  outputs.push(['worker log', readFileSync(worker.logFile, 'utf8')]);
  return outputs;
}
