/** Our worker under test: `node main.ts worker` processes, started the way the worker Pods run it. */
import type { KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { isAlive } from '../test/helpers/processes.ts';
import { writeSyncJobFiles } from '../test/helpers/sync/sync-job.ts';
import { startBenchWorker } from './bench-worker.ts';
import { defineMirror, shortDelivery, type Delivery, type MirrorUnderTest } from './mirror.ts';

/**
 * `spec` adds fields to the job's spec (the steady-state bench leaves its readers' groups out).
 * `workers` processes share the job's partitions, as the worker Pods of a job with that many workers do.
 */
export function ourWorker(source: KafkaCluster, target: KafkaCluster, delivery: Delivery, spec: Record<string, unknown> = {}, workers = 1): MirrorUnderTest {
  const mirror = defineMirror('ours', delivery, async (include, runId) => {
    // A job of its own per run and worker count: its progress topics are new, so it copies from the beginning.
    const files = writeSyncJobFiles(`bench-ours-${shortDelivery(delivery)}${workers === 1 ? '' : `-w${workers}`}-${runId}`, source, target, [], {
      ...spec,
      topics: { include },
      replication: { workers, delivery },
    });
    const revision = Date.now();
    const processes = await Promise.all(Array.from({ length: workers }, (_, index) => startBenchWorker(files, { index, revision })));
    const first = processes[0]!;
    return {
      pids: () => processes.map((w) => w.pid),
      alive: () => processes.every((w) => isAlive(w.pid)),
      logFile: first.logFile,
      assignedPartitions: async () => (await Promise.all(processes.map(async (w) => (await w.status()).assigned.length))).reduce((a, b) => a + b, 0),
      // Step times are one worker's: with several, worker 0's stand for the job.
      metrics: async () => (await fetch(`http://127.0.0.1:${first.port}/metrics`)).text(),
      stop: async () => {
        await Promise.all(processes.map((w) => w.stop()));
      },
    };
  });
  return workers === 1 ? mirror : { ...mirror, label: `${mirror.label}, ${workers} workers`, workers };
}
