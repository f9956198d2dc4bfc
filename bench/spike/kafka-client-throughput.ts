/**
 * Check 11: throughput of both clients on one 4.1.2 broker. 200k x 1 KiB records produced and read back per
 * run, 3 runs per client, interleaved (the order alternates per round) so both see the same machine load;
 * `uptime` load is recorded next to every figure. Each run is a child process (its own CPU and peak RSS).
 * Run: node_modules/.bin/node bench/spike/kafka-client-throughput.ts [records] [rounds]
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Admin } from '@platformatic/kafka';
import { startKafkaCluster, type KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';
import { stopAllProcesses } from '../../test/helpers/processes.ts';
import { runSubdir } from '../../test/helpers/run-dir.ts';

const run = promisify(execFile);
const records = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 3);
const partitions = 8;

interface Run { client: string; round: number; produceS: number; consumeS: number; cpuS: number; peakRssMiB: number; loadBefore: string; loadAfter: string }
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let cluster: KafkaCluster | undefined;
const runs: Run[] = [];
try {
  cluster = await startKafkaCluster({ version: '4.1.2' }, runSubdir('throughput-4.1.2'));
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [cluster.bootstrap] });
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? ['platformatic', 'kafkajs'] : ['kafkajs', 'platformatic'];
    for (const client of order) {
      const topic = `bench-${client}-${round}-${Date.now().toString(36)}`;
      await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
      const loadBefore = load();
      const { stdout } = await run(process.execPath, [join(import.meta.dirname, 'throughput-worker.ts'), client, cluster.bootstrap, topic, String(partitions), String(records)], { timeout: 600_000 });
      const r = { ...(JSON.parse(stdout.trim().split('\n').at(-1)!) as Omit<Run, 'round' | 'loadBefore' | 'loadAfter'>), round, loadBefore, loadAfter: load() };
      runs.push(r);
      const mb = (records * 1024) / 1e6;
      console.log(`${client.padEnd(12)} round ${round}: produce ${Math.round(records / r.produceS)} rec/s (${(mb / r.produceS).toFixed(1)} MB/s), consume ${Math.round(records / r.consumeS)} rec/s (${(mb / r.consumeS).toFixed(1)} MB/s), CPU ${r.cpuS.toFixed(1)} s, peak RSS ${r.peakRssMiB} MiB, load ${r.loadBefore} -> ${r.loadAfter}`);
      await admin.deleteTopics({ topics: [topic] });
    }
  }
  await admin.close();
} finally {
  await stopAllProcesses();
}
const mb = (records * 1024) / 1e6;
const summary = ['platformatic', 'kafkajs'].map((client) => {
  const rs = runs.filter((r) => r.client === client);
  return {
    client, runs: rs.length,
    produceRecPerS: Math.round(records / median(rs.map((r) => r.produceS))), produceMBs: +(mb / median(rs.map((r) => r.produceS))).toFixed(1),
    consumeRecPerS: Math.round(records / median(rs.map((r) => r.consumeS))), consumeMBs: +(mb / median(rs.map((r) => r.consumeS))).toFixed(1),
    cpuS: +median(rs.map((r) => r.cpuS)).toFixed(1), peakRssMiB: median(rs.map((r) => r.peakRssMiB)),
  };
});
console.table(summary);
const out = join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'kafka-client-throughput.json'), JSON.stringify({ at: new Date().toISOString(), records, partitions, runs, summary }, null, 2) + '\n');
process.exit(0);
