/**
 * `npm run bench`: our worker against Apache MirrorMaker 2 and the machine's copy ceiling, on one
 * preloaded data set (issue #13). Sections: ceiling (Kafka's own tools, and Kafka's replication of the
 * set to a second broker), copy throughput (MM2 and ours, AtLeastOnce and
 * ExactlyOnce, median of --runs), latency at 10 % and 50 % of the ceiling, metadata scale, many jobs. Writes
 * docs/benchmarks/results.{md,json} and prints the tables; asserts nothing.
 *
 *   node bench/mirror-bench.ts [--quick] [--topics 1 --partitions 64 --record-size 1024 --size-mb 2000 --codec none] [--runs 3] [--width-topics 360 --width-partitions 2000 --width-size-mb 1000] [--jobs 100] [--worker-counts 1,2,4] [--only ceiling,mm2,ours,workers,width,latency,scale,jobs]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { startKafkaCluster, type KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { stopAllProcesses } from '../test/helpers/processes.ts';
import { stopProcessesOnSignal } from './stop-on-signal.ts';
import { projectRoot, runDir, runSubdir } from '../test/helpers/run-dir.ts';
import { dataSetTotals, parseBenchOptions, SECTIONS, type BenchOptions } from './bench-options.ts';
import { measureCeiling } from './ceiling.ts';
import { measureReplicationCeiling } from './replication-ceiling.ts';
import { ClusterAdmin } from './cluster-admin.ts';
import type { CopyContext } from './copy-run.ts';
import { copyScenarios } from './copy-section.ts';
import { dataSetLayout, preloadDataSet, writePayloadFile, type PreloadedDataSet } from './data-set.ts';
import { PROBE_ALONE, probeLatency, type LatencyProbeContext } from './latency-probe.ts';
import { describeMachine, watchLoad } from './machine.ts';
import { measureMetadataScale, scaleLayout } from './metadata-scale.ts';
import { shortDelivery, type MirrorUnderTest } from './mirror.ts';
import { mirrorMaker2 } from './mm2-runner.ts';
import { mm2Properties } from './mm2-properties.ts';
import { ourWorker } from './our-runner.ts';
import { renderReport } from './report.ts';
import { manyJobsSection } from './jobs/jobs-section.ts';
import { widthSection } from './width/width-section.ts';
import type { BenchResults, CeilingResult, CeilingRun, LatencyResult, ReplicationCeilingRun, ScaleResult } from './results.ts';
import { medianOf } from './stats.ts';

const KAFKA = '4.1.2';
const wallStart = performance.now();
const log = (message: string): void => {
  const s = Math.round((performance.now() - wallStart) / 1000);
  console.log(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${message}`);
};
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const CEILING_FIELDS = ['producerRecordsPerSecond', 'consumerRecordsPerSecond', 'recordsPerSecond', 'mbPerSecond', 'cpuSeconds', 'cpuSecondsPerGb'] as const satisfies ReadonlyArray<keyof CeilingRun>;
const REPLICATION_FIELDS = ['seconds', 'recordsPerSecond', 'mbPerSecond', 'cpuSeconds', 'cpuSecondsPerGb'] as const satisfies ReadonlyArray<keyof ReplicationCeilingRun>;

async function ceilingSection(o: BenchOptions, source: KafkaCluster, ctx: CopyContext & { data: PreloadedDataSet }, payloadFile: string): Promise<CeilingResult> {
  const result: CeilingResult = { runs: [] };
  try {
    for (let run = 1; run <= o.runs; run++) {
      const r = await measureCeiling(source, ctx.target, ctx.targetAdmin, ctx.data, payloadFile, String(run));
      log(`ceiling run ${run}: producer ${Math.round(r.producerRecordsPerSecond)}/s, consumer ${Math.round(r.consumerRecordsPerSecond)}/s`);
      result.runs.push(r);
    }
    result.median = medianOf(result.runs, CEILING_FIELDS);
  } catch (err) {
    result.error = errorText(err);
    log(`ceiling failed: ${result.error}`);
  }
  const replication: NonNullable<CeilingResult['replication']> = { runs: [] };
  try {
    replication.runs = await measureReplicationCeiling(source, ctx.data, o.runs, (r) => log(`replication ceiling: a second broker in sync after ${r.seconds.toFixed(1)} s, ${Math.round(r.recordsPerSecond)} records/s`));
    replication.median = medianOf(replication.runs, REPLICATION_FIELDS);
  } catch (err) {
    replication.error = errorText(err);
    log(`replication ceiling failed: ${replication.error}`);
  }
  return { ...result, replication };
}

/** The shares of the ceiling the mirrors' latency is probed at: light load (the goals) and half. */
const LATENCY_SHARES = [0.1, 0.5];

/**
 * Each share: at the lightest, first the probe alone at twice the rate (a probe that keeps up with that
 * is not what limits a mirror's figure), then every mirror.
 */
async function latencySection(o: BenchOptions, mirrors: MirrorUnderTest[], ctx: LatencyProbeContext, ceilingRecordsPerSecond: number): Promise<LatencyResult[]> {
  const results: LatencyResult[] = [];
  for (const share of LATENCY_SHARES) {
    const rate = ceilingRecordsPerSecond * share;
    const probes: Array<{ mirror?: MirrorUnderTest; rate: number; share: number; runId: string }> = [
      ...(share === LATENCY_SHARES[0] ? [{ rate: rate * 2, share: share * 2, runId: `alone-${share * 100}` }] : []),
      ...mirrors.map((mirror) => ({ mirror, rate, share, runId: `${mirror.kind}-${shortDelivery(mirror.delivery)}-${share * 100}` })),
    ];
    for (const p of probes) {
      const label = p.mirror?.label ?? PROBE_ALONE;
      try {
        const r = await probeLatency(p.mirror, ctx, p.rate, p.share, o.latencySeconds, p.runId);
        log(`${label} latency at ${r.targetRecordsPerSecond}/s: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms (${r.received}/${r.produced} received)`);
        results.push(r);
      } catch (err) {
        log(`${label} latency failed: ${errorText(err)}`);
        results.push({ label, kind: p.mirror?.kind ?? 'probe', ...(p.mirror ? { delivery: p.mirror.delivery } : {}), targetRecordsPerSecond: Math.round(p.rate), share: p.share, seconds: o.latencySeconds, produced: 0, received: 0, measured: 0, p50Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN, error: errorText(err) });
      }
    }
  }
  return results;
}

async function scaleSection(o: BenchOptions, mirrors: MirrorUnderTest[], sourceAdmin: ClusterAdmin, targetAdmin: ClusterAdmin): Promise<{ results: ScaleResult[]; sourceSeconds: number }> {
  const layout = scaleLayout(o.scale.topics, o.scale.partitions);
  const started = performance.now();
  await sourceAdmin.createTopics(layout);
  const sourceSeconds = (performance.now() - started) / 1000;
  log(`${layout.length} topics / ${o.scale.partitions} partitions created on the source in ${sourceSeconds.toFixed(1)} s`);
  const results: ScaleResult[] = [];
  for (const mirror of mirrors) {
    try {
      const r = await measureMetadataScale(mirror, targetAdmin, layout, `scale-${mirror.kind}`);
      log(`${mirror.label}: all ${layout.length} topics on the target after ${r.secondsToCreate.toFixed(1)} s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB${r.assignedPartitions !== undefined ? `, ${r.assignedPartitions} partitions assigned` : ''}`);
      results.push(r);
    } catch (err) {
      log(`${mirror.label} metadata scale failed: ${errorText(err)}`);
      results.push({ label: mirror.label, topics: layout.length, partitions: o.scale.partitions, secondsToCreate: Number.NaN, peakRssMiB: Number.NaN, rssMiB: Number.NaN, error: errorText(err) });
    }
  }
  return { results, sourceSeconds };
}

/** Rewrites results.md from a results.json, e.g. after the report changed. */
function renderOnly(from: string, outDir: string): void {
  const results = JSON.parse(readFileSync(resolve(from), 'utf8')) as BenchResults;
  const markdown = renderReport(results);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.md'), markdown);
  console.log(markdown);
}

async function main(): Promise<void> {
  const o = parseBenchOptions(process.argv.slice(2));
  if (o.renderFrom) return renderOnly(o.renderFrom, resolve(projectRoot, o.outDir));
  const startedAt = new Date().toISOString();
  const load = watchLoad();
  const on = (section: string) => (o.sections as string[]).includes(section);
  const { records, bytes } = dataSetTotals(o.dataSet);
  log(`sections ${o.sections.join(', ')}; data set: ${o.dataSet.topics} x ${o.dataSet.partitions} partitions, ${records} records of ${o.dataSet.recordSize} B (${Math.round(bytes / 1e6)} MB, ${o.dataSet.codec})${on('width') ? `; width set: ${o.width.topics} topics / ${o.width.partitions} partitions, ${o.width.sizeMb} MB` : ''}; ${o.runs} runs; run folder ${runDir()}`);
  const admins: ClusterAdmin[] = [];
  const sectionSeconds: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string): void => {
    // Sections left out by --only take no time worth a line.
    if ((SECTIONS as readonly string[]).includes(name) && !on(name)) return;
    sectionSeconds[name] = (performance.now() - mark) / 1000;
    mark = performance.now();
  };
  let results: BenchResults | undefined;
  try {
    const source = await startKafkaCluster({ version: KAFKA }, runSubdir('source'), 'bench-source');
    const target = await startKafkaCluster({ version: KAFKA }, runSubdir('target'), 'bench-target');
    const [sourceAdmin, targetAdmin] = [new ClusterAdmin(source), new ClusterAdmin(target)];
    admins.push(sourceAdmin, targetAdmin);
    log(`clusters up: source ${source.bootstrap}, target ${target.bootstrap}`);
    lap('clusters');
    const payloadFile = writePayloadFile(o.dataSet.recordSize);
    // The 64-partition set is what the ceiling and the copy sections copy; the others bring their own.
    const data = on('ceiling') || on('mm2') || on('ours') || on('workers') ? await preloadDataSet(source, sourceAdmin, o.dataSet, payloadFile) : undefined;
    if (data) log(`preloaded in ${data.preloadSeconds.toFixed(1)} s`);
    lap('preload');
    const mm2 = { alo: mirrorMaker2(source, target, 'AtLeastOnce', o.dataSet.codec), eos: mirrorMaker2(source, target, 'ExactlyOnce', o.dataSet.codec) };
    const ours = { alo: ourWorker(source, target, 'AtLeastOnce'), eos: ourWorker(source, target, 'ExactlyOnce') };
    const mirrors = [...(on('mm2') ? [mm2.alo] : []), ...(on('ours') ? [ours.alo] : []), ...(on('mm2') ? [mm2.eos] : []), ...(on('ours') ? [ours.eos] : [])];

    const ceiling = on('ceiling') && data ? await ceilingSection(o, source, { target, targetAdmin, data }, payloadFile) : undefined;
    lap('ceiling');
    const copy = data ? await copyScenarios(mirrors, { target, targetAdmin, data }, o.runs, 'copy', log) : [];
    if (mirrors.length > 0) lap('copy');
    const scaling = (['AtLeastOnce', 'ExactlyOnce'] as const).flatMap((delivery) => o.workerCounts.map((n) => ourWorker(source, target, delivery, {}, n)));
    const workers = on('workers') && data ? await copyScenarios(scaling, { target, targetAdmin, data }, o.runs, 'workers', log) : undefined;
    lap('workers');
    // MirrorMaker 2 re-encodes every batch; the width set mixes codecs, so it writes with its default, none.
    const width = on('width') ? await widthSection(o.width, o.runs, { source, target, sourceAdmin, targetAdmin }, [
      mirrorMaker2(source, target, 'AtLeastOnce', 'none'), ours.alo, mirrorMaker2(source, target, 'ExactlyOnce', 'none'), ours.eos,
    ], log) : undefined;
    lap('width');
    // Shares of the ProducerPerformance ceiling, the most the probe's producer offers here (Kafka's
    // replication copies faster than it writes); without one, a rate a 2-core machine sustains.
    const latencyCeiling = ceiling?.median?.recordsPerSecond ?? 80_000;
    const latency = on('latency') ? await latencySection(o, [ours.alo, ours.eos, mm2.alo, mm2.eos], { source, target, sourceAdmin, targetAdmin, partitions: o.dataSet.partitions, payloadFile, codec: o.dataSet.codec }, latencyCeiling) : [];
    lap('latency');
    const scale = on('scale') ? await scaleSection(o, [ourWorker(source, target, 'ExactlyOnce', { syncIntervalSeconds: undefined }), mm2.alo], sourceAdmin, targetAdmin) : undefined;
    lap('scale');
    const jobs = on('jobs') ? await manyJobsSection(o.jobs, { source, target, sourceAdmin }, log).catch((err: unknown) => {
      log(`many jobs failed: ${errorText(err)}`);
      return { shape: o.jobs, error: errorText(err) };
    }) : undefined;
    lap('jobs');
    results = {
      startedAt,
      wallSeconds: (performance.now() - wallStart) / 1000,
      sectionSeconds,
      quick: o.quick,
      options: o,
      machine: await describeMachine(KAFKA, load.stop()),
      ...(data ? { preload: { records, bytes, seconds: data.preloadSeconds } } : {}),
      ...(ceiling ? { ceiling } : {}),
      copy,
      ...(workers ? { workers } : {}),
      ...(width ? { width } : {}),
      ...(jobs ? { jobs } : {}),
      latency,
      scale: scale?.results ?? [],
      ...(scale ? { sourceScaleCreateSeconds: scale.sourceSeconds } : {}),
      mm2Settings: mm2Properties({ sourceAlias: 'src', sourceBootstrap: '127.0.0.1:<source port>', targetBootstrap: '127.0.0.1:<target port>', topics: dataSetLayout(o.dataSet).map((t) => t.name), tasksMax: cpus().length, codec: o.dataSet.codec, exactlyOnce: true, restPort: 0 }).replace('127.0.0.1:0', '127.0.0.1:<free port>'),
    };
  } finally {
    await Promise.allSettled(admins.map((a) => a.close()));
    await stopAllProcesses();
  }
  const outDir = resolve(projectRoot, o.outDir);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const markdown = renderReport(results);
  writeFileSync(join(outDir, 'results.md'), markdown);
  console.log(`\n${markdown}`);
  log(`wall time ${(results.wallSeconds / 60).toFixed(1)} min; results in ${outDir}`);
  // The run folder holds gigabytes of Kafka data; its logs matter only when something failed.
  if (o.keepRun || [...results.copy.map((c) => c.error), ...(results.workers ?? []).map((c) => c.error), ...(results.width?.copy ?? []).map((c) => c.error), results.ceiling?.error, results.ceiling?.replication?.error, results.jobs && 'error' in results.jobs ? results.jobs.error : undefined, ...results.latency.map((l) => l.error), ...results.scale.map((s) => s.error)].some(Boolean)) log(`run folder kept: ${runDir()}`);
  else rmSync(runDir(), { recursive: true, force: true });
}

stopProcessesOnSignal();

await main();
