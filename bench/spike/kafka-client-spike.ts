/**
 * The Kafka client spike (docs/decisions/0001-kafka-client.md): checks 1-9 for @platformatic/kafka and kafkajs
 * against a 2.6.0 source, a 3.9.1 SASL+ACL source and the 4.1.2 target, each printed as PASS/FAIL with a figure.
 * Run: node_modules/.bin/node bench/spike/kafka-client-spike.ts   (starts and stops its own brokers)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKafkajsChecks } from './checks-kafkajs.ts';
import { runPlatformaticChecks } from './checks-platformatic.ts';
import { startSpikeClusters, stopSpikeClusters, type SpikeClusters } from './spike-clusters.ts';
import { results } from './spike-support.ts';

let clusters: SpikeClusters | undefined;
try {
  clusters = await startSpikeClusters();
  for (const c of [clusters.legacy, clusters.source, clusters.target]) {
    await runPlatformaticChecks(c, clusters.target);
    await runKafkajsChecks(c, clusters.target);
  }
} finally {
  await stopSpikeClusters(clusters);
}
const out = join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'kafka-client-spike.json'), JSON.stringify({ at: new Date().toISOString(), results }, null, 2) + '\n');
const failed = results.filter((r) => !r.ok);
console.log(`\n${results.length - failed.length} PASS, ${failed.length} FAIL; results in bench/spike/results/kafka-client-spike.json`);
// Libraries keep sockets and timers; the run is over.
process.exit(0);
