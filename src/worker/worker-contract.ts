import { boundedHeapNodeOptions } from '../runtime/node-options.ts';

/**
 * The contract between the operator (which builds worker Pods) and the worker process: where the job
 * and its secrets are, which port serves metrics and health. One place, so both sides agree.
 */
export const WorkerEnv = {
  /** Path of the MirrorJob (JSON) the worker runs: metadata and spec, from the job's ConfigMap. */
  jobFile: 'KMO_JOB_FILE',
  /** The configuration revision (a number that grows with every change); see src/replication/generation.ts. */
  revision: 'KMO_REVISION',
  /** Folder holding each referenced Secret as `<folder>/<secret name>/<key>` (Secret volumes). */
  secretsDir: 'KMO_SECRETS_DIR',
  /** This worker's index; when unset, the ordinal at the end of HOSTNAME (a StatefulSet Pod name). */
  workerIndex: 'KMO_WORKER_INDEX',
  /** Port of /metrics, /healthz, /readyz and /status. */
  metricsPort: 'KMO_METRICS_PORT',
  /** Address to listen on (the Pod IP); all interfaces when unset. */
  podIp: 'POD_IP',
} as const;

export const WORKER_METRICS_PORT = 9400;
export const WORKER_JOB_MOUNT = '/etc/kafka-mirror/job';
export const WORKER_JOB_FILE = `${WORKER_JOB_MOUNT}/job.json`;
export const WORKER_SECRETS_DIR = '/var/run/kafka-mirror/secrets';
/** The worker's heap bound when the MirrorJob sets none (workerTemplate.heapMiB). */
export const WORKER_DEFAULT_HEAP_MIB = 128;
/** Node options of every worker process: its heap bounded (see src/runtime/node-options.ts). */
export function workerNodeOptions(heapMiB = WORKER_DEFAULT_HEAP_MIB): string {
  return boundedHeapNodeOptions(heapMiB);
}
/**
 * glibc's malloc of every worker process: two arenas instead of up to eight per core. The data path's
 * native allocations (zstd and gzip contexts, socket buffers) otherwise leave freed memory spread over
 * arenas that are never returned: measured 241 instead of 275 MiB RSS at 2,000 partitions, and a
 * restarted worker 0 reading a 30-day offset index peaks at 168-176 instead of 175-196 MiB (decision 0003).
 */
export const WORKER_MALLOC_ARENA_MAX = '2';
/** Arguments of the image's entrypoint (main.ts) that start a worker or the operator. */
export const WORKER_COMMAND = ['worker'];
export const OPERATOR_COMMAND = ['operator'];

/** The worker index from a StatefulSet Pod name (`<job>-worker-3` -> 3). */
export function ordinalOf(hostname: string): number | undefined {
  const m = /-(\d+)$/.exec(hostname);
  return m ? Number(m[1]) : undefined;
}
