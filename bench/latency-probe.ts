/**
 * Replication latency under load: while a mirror runs, ProducerPerformance writes a fresh source topic
 * at a fixed rate for a fixed time, and kcat reads the target (read_committed) as records arrive. A
 * record's latency is the moment kcat hands it over minus its CreateTime, which both mirrors keep; the
 * producer stamps CreateTime when it sends, so its own batching (linger.ms=5) is part of the figure.
 * Without a mirror the same producer and reader measure the probe alone on the source: at twice a
 * mirror's rate it shows whether the probe, not the mirror, could be the limit.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapLimit } from '../src/sync/concurrency.ts';
import { kcatAuth, type KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { kcatProduce } from '../test/helpers/kafka/kcat.ts';
import { waitFor } from '../test/helpers/processes.ts';
import type { ClusterAdmin } from './cluster-admin.ts';
import { perfProducerProps } from './data-set.ts';
import { startJava } from '../test/helpers/kafka/java-process.ts';
import type { MirrorUnderTest } from './mirror.ts';
import { percentileOfSorted } from './stats.ts';
import { onLines } from './stdout-lines.ts';
import type { LatencyResult } from './results.ts';

/** Records stamped in the first seconds of the load are left out: the producer and the mirror settle. */
const WARM_UP_MS = 3_000;

export interface LatencyProbeContext {
  source: KafkaCluster;
  target: KafkaCluster;
  sourceAdmin: ClusterAdmin;
  targetAdmin: ClusterAdmin;
  partitions: number;
  /** Values for ProducerPerformance (data-set.ts's writePayloadFile). */
  payloadFile: string;
  codec: string;
}

/** A kcat reading `cluster` from the beginning, noting each record's latency the moment it arrives. */
function startReader(cluster: KafkaCluster, topic: string) {
  const child = spawn('kcat', ['-b', cluster.bootstrap, ...kcatAuth(cluster), '-C', '-t', topic, '-o', 'beginning', '-u', '-q', '-f', '%T\n',
    '-X', 'isolation.level=read_committed', '-X', 'fetch.wait.max.ms=50'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const latencies: number[] = [];
  let received = 0;
  let measureFrom = Number.POSITIVE_INFINITY;
  onLines(child.stdout, (line, now) => {
    received++;
    const stamped = Number(line);
    if (stamped >= measureFrom) latencies.push(now - stamped);
  });
  return {
    received: () => received,
    measureFrom: (ms: number) => (measureFrom = ms),
    latencies,
    stop: () => child.kill('SIGTERM'),
  };
}

/** The probe alone: the reader reads the source topic the producer writes. */
export const PROBE_ALONE = 'the probe alone (kcat on the source)';

/** `mirror` undefined: the probe alone. `share`: the rate's share of the ceiling, for the report. */
export async function probeLatency(mirror: MirrorUnderTest | undefined, ctx: LatencyProbeContext, ratePerSecond: number, share: number, seconds: number, runId: string): Promise<LatencyResult> {
  const topic = `latency-${runId}`;
  const layout = [{ name: topic, partitions: ctx.partitions }];
  await ctx.sourceAdmin.recreateTopics(layout);
  if (mirror) await ctx.targetAdmin.recreateTopics(layout);
  const running = mirror ? await mirror.start([topic], runId) : undefined;
  const reader = startReader(mirror ? ctx.target : ctx.source, topic);
  const base = mirror
    ? { label: mirror.label, kind: mirror.kind, delivery: mirror.delivery, targetRecordsPerSecond: Math.round(ratePerSecond), share, seconds }
    : { label: PROBE_ALONE, kind: 'probe' as const, targetRecordsPerSecond: Math.round(ratePerSecond), share, seconds };
  try {
    // Ready means copying: one record per partition has come through (MirrorMaker 2 starts in seconds, not at once).
    const partitions = Array.from({ length: ctx.partitions }, (_, p) => p);
    await mapLimit(partitions, 4, (p) => kcatProduce(ctx.source, topic, ['ready'], { partition: p }));
    await waitFor(`${base.label} to read the first records${running ? ` (log: ${running.logFile})` : ''}`, async () => (reader.received() >= ctx.partitions ? true : undefined), { timeoutMs: 180_000, intervalMs: 200 });
    const warm = ctx.partitions;

    const produced = Math.round(ratePerSecond * seconds);
    reader.measureFrom(Date.now() + WARM_UP_MS);
    const producer = startJava(ctx.source.version, 'latency-producer', 'org.apache.kafka.tools.ProducerPerformance', [
      '--topic', topic, '--num-records', String(produced), '--payload-file', ctx.payloadFile, '--throughput', String(Math.round(ratePerSecond)),
      '--producer-props', ...perfProducerProps(ctx.source, ctx.codec, 5),
    ]);
    const { code, output } = await producer.exited;
    if (code !== 0) throw new Error(`latency producer exited with ${code}: ${output.slice(-1_000)}`);
    // Let the mirror finish what was produced; a mirror that cannot keep up shows as records missing.
    let last = -1;
    for (let idle = 0; reader.received() - warm < produced && idle < 30; idle = reader.received() === last ? idle + 1 : 0) {
      last = reader.received();
      await sleep(1_000);
    }
    const sorted = Float64Array.from(reader.latencies).sort();
    return {
      ...base,
      produced,
      received: reader.received() - warm,
      measured: sorted.length,
      p50Ms: percentileOfSorted(sorted, 50),
      p99Ms: percentileOfSorted(sorted, 99),
      maxMs: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
    };
  } finally {
    reader.stop();
    await running?.stop();
    // The next probe's mirror must not copy this topic's backlog; the disk gets it back too.
    await ctx.sourceAdmin.deleteTopics([topic]);
    if (mirror) await ctx.targetAdmin.deleteTopics([topic]);
  }
}
