/** Our worker under test: one `node main.ts worker` process, started the way the worker Pod runs it. */
import type { KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { isAlive } from '../test/helpers/processes.ts';
import { writeSyncJobFiles } from '../test/helpers/sync/sync-job.ts';
import { startBenchWorker } from './bench-worker.ts';
import { defineMirror, shortDelivery, type Delivery, type MirrorUnderTest } from './mirror.ts';

/** `spec` adds fields to the job's spec (the steady-state bench leaves its readers' groups out). */
export function ourWorker(source: KafkaCluster, target: KafkaCluster, delivery: Delivery, spec: Record<string, unknown> = {}): MirrorUnderTest {
  return defineMirror('ours', delivery, async (include, runId) => {
    // A job of its own per run: its progress topics are new, so it copies from the beginning.
    const files = writeSyncJobFiles(`bench-ours-${shortDelivery(delivery)}-${runId}`, source, target, [], {
      ...spec,
      topics: { include },
      replication: { workers: 1, delivery },
    });
    const worker = await startBenchWorker(files, { index: 0, revision: Date.now() });
    return {
      pids: () => [worker.pid],
      alive: () => isAlive(worker.pid),
      logFile: worker.logFile,
      assignedPartitions: async () => (await worker.status()).assigned.length,
      metrics: async () => (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text(),
      stop: () => worker.stop(),
    };
  });
}
