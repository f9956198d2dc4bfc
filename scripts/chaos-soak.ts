/**
 * `npm run soak`: the chaos soak of issue #11 (test/e2e/chaos-soak.scenario.ts) at full size, bounded in
 * time: two leader-elected operators on a real control plane run a MirrorJob while a producer writes,
 * workers are SIGKILLed, both brokers restart, the leader dies and the job scales 1 -> 3 -> 1; then kcat
 * and Kafka's own tools judge the target. Prints the figures; exits 1 when ExactlyOnce lost, doubled or
 * reordered a record or translated a group offset inexactly, when AtLeastOnce lost a record, or when a
 * job did not drain or a fault did not complete.
 *
 *   npm run soak -- [--delivery ExactlyOnce|AtLeastOnce|both] [--records 1000000] [--rate 3500] ...
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { DELIVERY_GUARANTEES, type DeliveryGuarantee } from '../src/api/index.ts';
import { brokenPromises, runChaosSoak, soakGround, type SoakOptions, type SoakResult } from '../test/e2e/chaos-soak.scenario.ts';
import { stopAllProcesses } from '../test/helpers/processes.ts';
import { runDir } from '../test/helpers/run-dir.ts';

const whole = (text: string): number => {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`'${text}' is not a positive whole number`);
  return n;
};

const cli = new Command('soak')
  .description('The chaos soak: a MirrorJob under produce, worker SIGKILLs, broker restarts, a leader kill and scaling, judged by kcat')
  .addOption(new Option('--delivery <mode>', 'delivery mode to soak').choices([...DELIVERY_GUARANTEES, 'both']).default('both'))
  .option('--records <n>', 'records to produce per mode', whole, 1_000_000)
  .option('--rate <n>', 'records produced per second', whole, 3_500)
  .option('--partitions <n>', 'partitions of the soaked topic', whole, 12)
  .option('--kill-interval <seconds>', 'seconds between two worker SIGKILLs', whole, 15)
  .option('--kills <n>', 'worker SIGKILLs', whole, 20)
  .option('--group-reads <n>', 'records a consumer group reads on the source during the run (default: a tenth)', whole)
  .option('--drain-timeout <seconds>', 'seconds the job may take to drain after the producer stopped', whole, 900);

function optionsFor(delivery: DeliveryGuarantee, o: ReturnType<typeof cli.opts>): SoakOptions {
  return {
    delivery,
    records: o.records,
    perSecond: o.rate,
    partitions: o.partitions,
    killIntervalMs: o.killInterval * 1000,
    kills: o.kills,
    restartSource: true,
    restartTarget: true,
    killLeader: true,
    scaleSteps: [3, 1],
    groupReads: o.groupReads ?? Math.floor(o.records / 10),
    drainTimeoutMs: o.drainTimeout * 1000,
  };
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

function report(r: SoakResult): string[] {
  const broken = brokenPromises(r);
  return [
    `== ${r.delivery}: ${broken.length === 0 ? 'PASSED' : 'FAILED'}`,
    `   produced (acknowledged)   ${r.produced}`,
    `   on the source / target    ${r.sourceRecords} / ${r.targetRecords}   (kcat, read_committed)`,
    `   lost / duplicated / out of order   ${r.lost} / ${r.duplicated} / ${r.reordered}   mismatched partitions: [${r.mismatchedPartitions.join(', ')}]`,
    `   group ${r.group.id}: read ${r.group.read} on the source; translated offsets exact on ${r.group.exact} partitions, inexact on ${r.group.inexact}`,
    `   drained (producer done -> CutoverReady)   ${seconds(r.drainMs)}${r.stuck ? `   STUCK: ${r.stuck}` : ''}`,
    `   duration ${seconds(r.durationMs)}; faults:`,
    ...r.events.map((e) => `     t=${seconds(e.atMs).padStart(8)}  ${e.what.padEnd(30)} ${e.tookMs > 0 ? `(${seconds(e.tookMs)}) ` : ''}${e.outcome}`),
    ...broken.map((b) => `   BROKEN: ${b}`),
  ];
}

async function main(): Promise<number> {
  const o = cli.parse().opts();
  const modes: DeliveryGuarantee[] = o.delivery === 'both' ? [...DELIVERY_GUARANTEES] : [o.delivery];
  const results: SoakResult[] = [];
  try {
    console.log(`soak run folder (logs of every process): ${runDir()}`);
    const ground = await soakGround();
    try {
      for (const delivery of modes) {
        const result = await runChaosSoak(ground, optionsFor(delivery, o), console.log);
        results.push(result);
        console.log(report(result).join('\n'));
      }
    } finally {
      await ground.release();
    }
  } finally {
    const left = await stopAllProcesses();
    if (left.length > 0) console.log(`stopped what was still running (the control plane, and any leftover): ${left.join(', ')}`);
  }
  const file = join(runDir(), 'soak-results.json');
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`\n${results.map((r) => report(r).join('\n')).join('\n\n')}\n\nresults: ${file}`);
  return results.every((r) => brokenPromises(r).length === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`soak failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(2);
  },
);
