/**
 * Many jobs: one operator on the real control plane with `jobs` MirrorJobs, each mirroring a small
 * topic of its own with one worker Pod (run as a local process by the process kubelet). Measures how
 * long the jobs take from apply to Ready and to CaughtUp, what a reconcile costs while they start and
 * once they idle, the operator's memory and CPU, and the requests Kafka serves for them, counted by the
 * brokers' own request log (the operator's, told apart by its client ids, and the workers').
 * The operator runs with the chart's heap bound; BENCH_OPERATOR_NODE_OPTIONS adds node options after it
 * (for example `--import <a preload that logs the heap after each major GC>`).
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CustomObjectsApi } from '@kubernetes/client-node';
import type { MirrorJobStatus } from '../../src/api/index.ts';
import { applyMirrorJobCrd, jobRef, operatorIdentity, startOperatorProcess, stopOperator, type OperatorProcess } from '../../test/e2e/operator-harness.ts';
import type { KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';
import { kcatProduce, kcatReadAll } from '../../test/helpers/kafka/kcat.ts';
import { adminKubeConfig } from '../../test/helpers/kube/clients.ts';
import { controlPlane } from '../../test/helpers/kube/control-plane.ts';
import { mapImages, nodeScriptImage } from '../../test/helpers/kube/image-mapping.ts';
import { freshNamespace } from '../../test/helpers/kube/namespaces.ts';
import { startProcessKubelet, type ProcessKubelet } from '../../test/helpers/kube/process-kubelet.ts';
import { projectRoot } from '../../test/helpers/run-dir.ts';
import type { ClusterAdmin } from '../cluster-admin.ts';
import { sampleProcesses, treeUsage } from '../process-sampler.ts';
import { percentileOfSorted } from '../stats.ts';
import { stepTimes, stepTimesBetween, type StepTime } from '../steady/step-times.ts';
import { bucketsBetween, histogramBuckets, observations, quantileBound, type Buckets } from './histogram-buckets.ts';
import { clientGroup, totalRequests, type RequestGroup, type RequestsByApi } from './request-counts.ts';
import { countRequestsFrom } from './request-log.ts';
import type { JobsResult, JobsShape, ReconcileFigures } from './jobs-results.ts';

const RECONCILE_HISTOGRAM = 'kafka_mirror_reconcile_duration_seconds';
const RECONCILE_STEPS = 'kafka_mirror_reconcile_step_seconds';
/** The operator's default resync (KMO_RESYNC_SECONDS): how often each job's status is measured again. */
const RESYNC_SECONDS = 15;
/** How long the idle jobs are watched: four resyncs, so every job is reconciled several times. */
const IDLE_WINDOW_MS = 4 * RESYNC_SECONDS * 1000;
const SETTLE_TIMEOUT_MS = 20 * 60_000;

const jobName = (i: number): string => `jobs-${String(i).padStart(3, '0')}`;
const hasCondition = (s: MirrorJobStatus | undefined, type: string): boolean => s?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

const perGroup = (counts: Map<string, RequestsByApi>, seconds: number): Record<RequestGroup, number> => ({
  operator: totalRequests(counts.get('operator')) / seconds,
  sync: totalRequests(counts.get('sync')) / seconds,
  workers: totalRequests(counts.get('workers')) / seconds,
});

function reconcileFigures(before: Buckets, after: Buckets, seconds: number): ReconcileFigures {
  const window = bucketsBetween(before, after);
  return { count: observations(window), perSecond: observations(window) / seconds, p50AtMostSeconds: quantileBound(window, 0.5) ?? Number.NaN, p99AtMostSeconds: quantileBound(window, 0.99) ?? Number.NaN };
}

/** The operator's reconcile histogram, and its time per reconcile step. */
async function scrape(operator: OperatorProcess): Promise<{ buckets: Buckets; steps: StepTime[] }> {
  const text = await (await fetch(`${operator.metricsUrl}/metrics`)).text();
  return { buckets: histogramBuckets(text, RECONCILE_HISTOGRAM), steps: stepTimes(text, RECONCILE_STEPS) };
}

export async function manyJobsSection(shape: JobsShape, clusters: { source: KafkaCluster; target: KafkaCluster; sourceAdmin: ClusterAdmin }, log: (message: string) => void): Promise<JobsResult> {
  const { source, target, sourceAdmin } = clusters;
  let kubelet: ProcessKubelet | undefined;
  let operator: OperatorProcess | undefined;
  try {
    const plane = await controlPlane();
    const admin = await adminKubeConfig();
    await applyMirrorJobCrd(admin);
    kubelet = await startProcessKubelet({ kubeconfig: plane.kubeconfig, mapImage: mapImages({ 'kafka-mirror-operator': nodeScriptImage(join(projectRoot, 'main.ts')) }) });
    const namespace = await freshNamespace('bench-jobs', { node: kubelet.nodeName });
    const { kubeconfig } = await operatorIdentity(admin, namespace);
    const names = Array.from({ length: shape.jobs }, (_, i) => jobName(i));
    await sourceAdmin.createTopics(names.map((name) => ({ name, partitions: shape.partitions })));
    const lines = Array.from({ length: shape.recordsPerJob }, (_, i) => `record-${i}`);
    for (const name of names) await kcatProduce(source, name, lines);
    log(`jobs: ${shape.jobs} topics of ${shape.partitions} partitions with ${shape.recordsPerJob} records each on the source; control plane up in ${(plane.startMs / 1000).toFixed(1)} s`);

    operator = await startOperatorProcess('bench-operator', kubeconfig, namespace, { KMO_RESYNC_SECONDS: String(RESYNC_SECONDS), ...(process.env.BENCH_OPERATOR_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_OPERATOR_NODE_OPTIONS } : {}) });
    const operatorPid = operator.pid;
    const operatorUsage = sampleProcesses(() => [operatorPid], 1_000);
    const custom = admin.makeApiClient(CustomObjectsApi);
    const bucketsAtApply = await scrape(operator);
    const applyStarted = performance.now();
    const appliedAt = new Map<string, number>();
    for (const name of names) {
      await custom.createNamespacedCustomObject({
        ...jobRef,
        namespace,
        body: {
          apiVersion: `${jobRef.group}/${jobRef.version}`,
          kind: 'MirrorJob',
          metadata: { name },
          spec: {
            source: { alias: 'source', bootstrapServers: [source.bootstrap] },
            target: { alias: 'target', bootstrapServers: [target.bootstrap] },
            topics: { include: [name] },
            replication: { workers: 1 },
          },
        },
      });
      appliedAt.set(name, performance.now());
    }
    const applySeconds = (performance.now() - applyStarted) / 1000;
    log(`jobs: ${shape.jobs} MirrorJobs applied in ${applySeconds.toFixed(1)} s`);

    const readyAfter = new Map<string, number>();
    const caughtUpAt = new Map<string, number>();
    const deadline = performance.now() + SETTLE_TIMEOUT_MS;
    while (caughtUpAt.size < names.length && performance.now() < deadline) {
      const list = (await custom.listNamespacedCustomObject({ ...jobRef, namespace })) as { items: Array<{ metadata: { name: string }; status?: MirrorJobStatus }> };
      const now = performance.now();
      for (const job of list.items) {
        const name = job.metadata.name;
        if (!readyAfter.has(name) && hasCondition(job.status, 'Ready')) readyAfter.set(name, (now - appliedAt.get(name)!) / 1000);
        if (!caughtUpAt.has(name) && job.status?.phase === 'CaughtUp') caughtUpAt.set(name, now);
      }
      await sleep(1_000);
    }
    const settledSeconds = (performance.now() - applyStarted) / 1000;
    const bucketsAtSettle = await scrape(operator);
    const rollout = reconcileFigures(bucketsAtApply.buckets, bucketsAtSettle.buckets, settledSeconds);
    const rolloutUsage = operatorUsage.latest();
    log(`jobs: ${readyAfter.size}/${shape.jobs} Ready, ${caughtUpAt.size}/${shape.jobs} CaughtUp after ${settledSeconds.toFixed(1)} s; reconciles ${rollout.count}, p99 <= ${rollout.p99AtMostSeconds} s`);

    const workerPids = () => [...(kubelet?.processes().values() ?? [])];
    const counting = await countRequestsFrom({ source, target }, clientGroup);
    const bucketsAtIdle = await scrape(operator);
    const idleCpuBefore = { operator: operatorUsage.latest().cpuSeconds, workers: treeUsage(workerPids()).cpuSeconds };
    const idleStarted = performance.now();
    await sleep(IDLE_WINDOW_MS);
    const bucketsAtEnd = await scrape(operator);
    const idleSeconds = (performance.now() - idleStarted) / 1000;
    const { source: sourceRequests, target: targetRequests } = await counting.finish();
    const idleOperator = operatorUsage.finish();
    const workers = treeUsage(workerPids());
    const idle = reconcileFigures(bucketsAtIdle.buckets, bucketsAtEnd.buckets, idleSeconds);

    // The independent check: every target topic holds its source's records, read by kcat. A read that
    // fails (the topic is not there, or kcat gave up under load) is counted apart: it is no count.
    let recordsMissing = 0;
    const unread: string[] = [];
    for (const name of names) {
      const records = await kcatReadAll(target, name).catch(() => undefined);
      if (records) recordsMissing += Math.max(0, shape.recordsPerJob - records.length);
      else unread.push(name);
    }

    const ready = [...readyAfter.values()].sort((a, b) => a - b);
    return {
      shape,
      applySeconds,
      ready: readyAfter.size,
      caughtUp: caughtUpAt.size,
      readySeconds: { p50: percentileOfSorted(ready, 50), p99: percentileOfSorted(ready, 99), max: ready.at(-1) ?? Number.NaN },
      allCaughtUpSeconds: caughtUpAt.size === names.length ? (Math.max(...caughtUpAt.values()) - applyStarted) / 1000 : Number.NaN,
      rolloutReconciles: rollout,
      idleReconciles: idle,
      idleSteps: stepTimesBetween(bucketsAtIdle.steps, bucketsAtEnd.steps),
      idleSeconds,
      operator: {
        peakRssMiB: idleOperator.peakRssMiB,
        rssMiB: idleOperator.rssMiB,
        rolloutCpuSeconds: rolloutUsage.cpuSeconds,
        idleCpuPercent: (100 * (idleOperator.cpuSeconds - idleCpuBefore.operator)) / idleSeconds,
      },
      workers: { pods: workerPids().length, rssMiB: workers.rssMiB, idleCpuPercent: (100 * (workers.cpuSeconds - idleCpuBefore.workers)) / idleSeconds },
      kafkaRequestsPerSecond: { source: perGroup(sourceRequests, idleSeconds), target: perGroup(targetRequests, idleSeconds) },
      operatorRequestsByApi: { source: sourceRequests.get('operator') ?? {}, target: targetRequests.get('operator') ?? {} },
      recordsMissing,
      topicsUnread: unread,
    };
  } finally {
    await stopOperator(operator);
    await kubelet?.stop();
  }
}
