/**
 * One worker's throughput on 1 KiB records, AtLeastOnce and ExactlyOnce: preload the source with
 * Kafka's own ProducerPerformance, then time a worker process (src/main.ts worker) from start to caught
 * up, with its CPU time and peak RSS from /proc. Prints a table; asserts nothing.
 *
 *   node bench/worker-throughput.ts [records=500000] [partitions=64]
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startKafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool, kafkaTool } from '../test/helpers/kafka/kafka-tools.ts';
import { stopAllProcesses } from '../test/helpers/processes.ts';
import { runSubdir } from '../test/helpers/run-dir.ts';
import { startWorker, writeJobFiles } from '../test/helpers/replication/worker-process.ts';

const records = Number(process.argv[2] ?? 500_000);
const partitions = Number(process.argv[3] ?? 64);
const recordSize = 1024;

/** CPU seconds (user + system) and peak RSS (MiB) of a live process, from /proc. */
function usage(pid: number): { cpu: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime, stime (fields 14 and 15)
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpu: ticks / 100, rssMiB: Number(hwm?.[1] ?? 0) / 1024 };
}

async function main(): Promise<void> {
  const source = await startKafkaCluster({ version: '4.1.2' }, runSubdir('bench-source'), 'bench-source');
  const target = await startKafkaCluster({ version: '4.1.2' }, runSubdir('bench-target'), 'bench-target');
  const rows: string[] = [];
  try {
    const topic = 'bench-1kib';
    await createTopicWithTool(source, topic, partitions);
    await kafkaTool(source, 'org.apache.kafka.tools.ProducerPerformance', [
      '--topic', topic, '--num-records', String(records), '--record-size', String(recordSize), '--throughput', '-1',
      '--producer-props', `bootstrap.servers=${source.bootstrap}`, 'acks=all', 'linger.ms=10', 'batch.size=262144', 'compression.type=none',
    ]);
    for (const delivery of ['AtLeastOnce', 'ExactlyOnce'] as const) {
      const files = writeJobFiles(`bench-${delivery.toLowerCase()}`, source, target, { topics: [topic], delivery });
      // A fresh target topic per mode; each mode is its own job, so it starts from the beginning.
      await kafkaTool(target, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', target.bootstrap, '--delete', '--topic', topic]).catch(() => undefined);
      await sleep(2_000);
      await createTopicWithTool(target, topic, partitions);
      const started = performance.now();
      const worker = await startWorker(files, { index: 0, revision: Date.now() });
      let peak = { cpu: 0, rssMiB: 0 };
      for (;;) {
        peak = usage(worker.pid);
        const s = await worker.status();
        if (s.state === 'Running' && s.recordsCopied >= records && s.recordsBehind === 0) break;
        await sleep(200);
      }
      const seconds = (performance.now() - started) / 1000;
      await worker.stop();
      const mb = (records * recordSize) / 1e6;
      rows.push(`| ${delivery} | ${records} | ${seconds.toFixed(1)} | ${Math.round(records / seconds)} | ${(mb / seconds).toFixed(1)} | ${((peak.cpu / mb) * 1000).toFixed(1)} | ${peak.rssMiB.toFixed(0)} |`);
    }
  } finally {
    await stopAllProcesses();
  }
  console.log(`\none worker, ${records} x ${recordSize} B records over ${partitions} partitions, Kafka 4.1.2 -> 4.1.2, ${(await import('node:os')).cpus().length} cores\n`);
  console.log('| delivery | records | seconds | records/s | MB/s | CPU s per GB | peak RSS MiB |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

await main();
