/**
 * One worker's throughput on 1 KiB records, AtLeastOnce and ExactlyOnce: preload the source with
 * Kafka's own ProducerPerformance, then time a worker process (main.ts worker) from start to caught
 * up, with its CPU time and peak RSS from /proc. Each mode runs `repeats` times on the same clusters
 * (a fresh job and target topic each time); the table shows every run and the median. Asserts nothing.
 *
 *   node bench/worker-throughput.ts [records=500000] [partitions=64] [repeats=3]
 *
 * Environment:
 *   BENCH_MODES=AtLeastOnce,ExactlyOnce    the modes to run
 *   BENCH_WORKER_NODE_OPTIONS="--cpu-prof"  node options for the worker (profiles land in the run folder)
 *   BENCH_WORKER_ENV="MALLOC_ARENA_MAX=2"    more environment for the worker, NAME=value pairs
 *   BENCH_MEMORY=1                           also sample the worker's heap and external memory from
 *                                            /metrics once a second (costs the worker a little CPU)
 *   BENCH_RECORD_SIZE=256                    bytes per record (1024 by default)
 *   BENCH_BATCH_PER_RECORD=1                 preload one batch per record, as producers at a trickle
 *                                            write: what a worker catching up after an outage reads
 */
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { treeUsage } from './process-sampler.ts';
import { startKafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool, kafkaTool } from '../test/helpers/kafka/kafka-tools.ts';
import { stopAllProcesses } from '../test/helpers/processes.ts';
import { runDir, runSubdir } from '../test/helpers/run-dir.ts';
import { writeJobFiles, type WorkerProcess } from '../test/helpers/replication/worker-process.ts';
import { startBenchWorker } from './bench-worker.ts';
import type { KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';

const records = Number(process.argv[2] ?? 500_000);
const partitions = Number(process.argv[3] ?? 64);
const repeats = Number(process.argv[4] ?? 3);
const recordSize = Number(process.env.BENCH_RECORD_SIZE ?? 1024);
const batchPerRecord = process.env.BENCH_BATCH_PER_RECORD === '1';
const PRELOAD_PART = 50_000;
const modes = (process.env.BENCH_MODES ?? 'AtLeastOnce,ExactlyOnce').split(',') as Array<'AtLeastOnce' | 'ExactlyOnce'>;
const sampleMemory = process.env.BENCH_MEMORY === '1';

interface Run {
  delivery: string;
  seconds: number;
  mbPerSecond: number;
  cpuPerGb: number;
  /** CPU s per GB after the worker first answered: the copying alone, without starting up (~1 CPU s). */
  copyCpuPerGb: number;
  rssMiB: number;
  /** RSS (MiB) when the worker first answers, before it copies. */
  startRssMiB: number;
  /** Peaks seen on /metrics (MiB), when sampled: V8 heap used and reserved, Buffers outside it. */
  heapMiB?: number;
  heapTotalMiB?: number;
  externalMiB?: number;
}

/** CPU seconds (user + system) and peak RSS (MiB) of the worker, from /proc. */
function usage(pid: number): { cpu: number; rssMiB: number } {
  const u = treeUsage([pid]);
  return { cpu: u.cpuSeconds, rssMiB: u.peakRssMiB };
}

/** Heap used and external (Buffer) memory of the worker, from prom-client's default metrics. */
async function memory(worker: WorkerProcess): Promise<{ heapMiB: number; heapTotalMiB: number; externalMiB: number }> {
  const text = await (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text();
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? 0) / 2 ** 20;
  return { heapMiB: gauge('nodejs_heap_size_used_bytes'), heapTotalMiB: gauge('nodejs_heap_size_total_bytes'), externalMiB: gauge('nodejs_external_memory_bytes') };
}

async function runOnce(source: KafkaCluster, target: KafkaCluster, topic: string, delivery: Run['delivery'], n: number): Promise<Run> {
  const files = writeJobFiles(`bench-${delivery.toLowerCase()}-${n}`, source, target, { topics: [topic], delivery: delivery as 'AtLeastOnce' | 'ExactlyOnce' });
  // A fresh target topic per run; each run is its own job, so it starts from the beginning.
  await kafkaTool(target, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', target.bootstrap, '--delete', '--topic', topic]).catch(() => undefined);
  await sleep(2_000);
  await createTopicWithTool(target, topic, partitions);
  const started = performance.now();
  const worker = await startBenchWorker(files, { index: 0, revision: Date.now() });
  const atStart = usage(worker.pid);
  const startRssMiB = atStart.rssMiB;
  let peak = { cpu: 0, rssMiB: 0 };
  let heapMiB = 0;
  let heapTotalMiB = 0;
  let externalMiB = 0;
  let lastSample = 0;
  for (;;) {
    peak = usage(worker.pid);
    if (sampleMemory && performance.now() - lastSample > 1_000) {
      lastSample = performance.now();
      const m = await memory(worker);
      heapMiB = Math.max(heapMiB, m.heapMiB);
      heapTotalMiB = Math.max(heapTotalMiB, m.heapTotalMiB);
      externalMiB = Math.max(externalMiB, m.externalMiB);
    }
    const s = await worker.status();
    if (s.state === 'Running' && s.recordsCopied >= records && s.recordsBehind === 0) break;
    await sleep(200);
  }
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  const mb = (records * recordSize) / 1e6;
  return { delivery, seconds, mbPerSecond: mb / seconds, cpuPerGb: (peak.cpu / mb) * 1000, copyCpuPerGb: ((peak.cpu - atStart.cpu) / mb) * 1000, rssMiB: peak.rssMiB, startRssMiB, ...(sampleMemory ? { heapMiB, heapTotalMiB, externalMiB } : {}) };
}

/**
 * 256 KiB batches; with many partitions the producer's buffer (32 MiB by default) holds too few of
 * them and the preload crawls, so 2,000 partitions get 64 KiB batches in a 128 MiB buffer.
 */
const preloadBatching = (): string[] => {
  // Room for one record and a batch's header: a second record never fits (batch.size=0 does the same, but crawls).
  if (batchPerRecord) return [`batch.size=${recordSize + 128}`];
  return partitions > 256 ? ['batch.size=65536', 'buffer.memory=134217728'] : ['batch.size=262144'];
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function row(label: string, r: Omit<Run, 'delivery'>): string {
  const mem = sampleMemory ? ` ${r.heapMiB?.toFixed(0)} | ${r.heapTotalMiB?.toFixed(0)} | ${r.externalMiB?.toFixed(0)} |` : '';
  return `| ${label} | ${r.seconds.toFixed(1)} | ${r.mbPerSecond.toFixed(1)} | ${r.cpuPerGb.toFixed(2)} | ${r.copyCpuPerGb.toFixed(2)} | ${r.rssMiB.toFixed(0)} | ${r.startRssMiB.toFixed(0)} |${mem}`;
}

async function main(): Promise<void> {
  const source = await startKafkaCluster({ version: '4.1.2' }, runSubdir('bench-source'), 'bench-source');
  const target = await startKafkaCluster({ version: '4.1.2' }, runSubdir('bench-target'), 'bench-target');
  const rows: string[] = [];
  try {
    const topic = 'bench-1kib';
    await createTopicWithTool(source, topic, partitions);
    // In parts: the tool runs under a 2-minute timeout, which a loaded machine misses with 2,000 partitions.
    for (let done = 0; done < records; done += PRELOAD_PART) {
      await kafkaTool(source, 'org.apache.kafka.tools.ProducerPerformance', [
        '--topic', topic, '--num-records', String(Math.min(PRELOAD_PART, records - done)), '--record-size', String(recordSize), '--throughput', '-1',
        '--producer-props', `bootstrap.servers=${source.bootstrap}`, 'acks=all', 'linger.ms=10', ...preloadBatching(), 'compression.type=none',
      ]);
    }
    for (const delivery of modes) {
      const runs: Run[] = [];
      for (let n = 0; n < repeats; n++) {
        runs.push(await runOnce(source, target, topic, delivery, n));
        rows.push(row(`${delivery} #${n + 1}`, runs.at(-1)!));
      }
      const pick = (f: (r: Run) => number | undefined) => median(runs.map((r) => f(r) ?? 0));
      rows.push(
        row(`**${delivery} median**`, {
          seconds: pick((r) => r.seconds),
          mbPerSecond: pick((r) => r.mbPerSecond),
          cpuPerGb: pick((r) => r.cpuPerGb),
          copyCpuPerGb: pick((r) => r.copyCpuPerGb),
          rssMiB: pick((r) => r.rssMiB),
          startRssMiB: pick((r) => r.startRssMiB),
          ...(sampleMemory ? { heapMiB: pick((r) => r.heapMiB), heapTotalMiB: pick((r) => r.heapTotalMiB), externalMiB: pick((r) => r.externalMiB) } : {}),
        }),
      );
    }
  } finally {
    await stopAllProcesses();
  }
  console.log(`\none worker, ${records} x ${recordSize} B records${batchPerRecord ? ' (a batch each)' : ''} over ${partitions} partitions, Kafka 4.1.2 -> 4.1.2, ${cpus().length} cores, run folder ${runDir()}\n`);
  console.log(`| run | seconds | MB/s | CPU s per GB | copying CPU s per GB | peak RSS MiB | RSS at start MiB |${sampleMemory ? ' peak heap used MiB | peak heap total MiB | peak external MiB |' : ''}`);
  console.log(`|---|---|---|---|---|---|---|${sampleMemory ? '---|---|---|' : ''}`);
  for (const r of rows) console.log(r);
}

await main();
