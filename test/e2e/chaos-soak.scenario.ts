import { setTimeout as sleep } from 'node:timers/promises';
import { CustomObjectsApi, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { findCondition, type DeliveryGuarantee, type MirrorJobStatus } from '../../src/api/index.ts';
import { sourceSpec, targetSpec, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { committedOffsets } from '../helpers/kafka/committed-offsets.ts';
import { compareRecords } from '../helpers/kafka/compare-topics.ts';
import { consumeAsGroup } from '../helpers/kafka/console-consumer.ts';
import { startContinuousProducer } from '../helpers/kafka/continuous-producer.ts';
import { restartBroker, startKafkaCluster, stopKafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { kcatReadAll } from '../helpers/kafka/kcat.ts';
import { countReordered, judgeGroupOffsets, type GroupPartitionVerdict } from '../helpers/kafka/mirror-verdict.ts';
import { stopProcess, waitFor } from '../helpers/processes.ts';
import { runSubdir } from '../helpers/run-dir.ts';
import { killLeader, killRandomWorker, scaleWorkers } from './chaos-events.ts';
import { aMirrorJob, eventuallyStatus, jobRef, mergePatch, operatorNamespace, readStatus, sharedOperatorGround, startOperatorPair, type OperatorGround, type OperatorPair } from './operator-harness.ts';

/** The MirrorJob's name in each soak's own namespace. */
const JOB = 'soak';
/** Marks a fault that did not complete. */
const FAILED = 'FAILED: ';
const holds = (s: MirrorJobStatus, type: string) => findCondition(s.conditions, type)?.status === 'True';

/**
 * The chaos soak (issue #11): a MirrorJob run by two leader-elected operators on the real control plane,
 * under continuous produce, while workers are SIGKILLed, brokers restart, the leader dies and the job
 * scales; then kcat and Kafka's own tools judge the target. `npm run soak` and the e2e test run it.
 */
export interface SoakOptions {
  delivery: DeliveryGuarantee;
  /** Records the producer writes (acknowledged), unique by key and value. */
  records: number;
  /** Produce rate, records per second. */
  perSecond: number;
  partitions: number;
  /** A worker process is SIGKILLed every killIntervalMs, `kills` times. */
  killIntervalMs: number;
  kills: number;
  /** The other faults, spread evenly over the kill window, one after the other. */
  restartSource: boolean;
  restartTarget: boolean;
  killLeader: boolean;
  /** Worker counts to scale to in turn (from 1), e.g. [3, 1]. */
  scaleSteps: number[];
  /** Records a consumer group reads on the source during the run before it stops. */
  groupReads: number;
  /** How long the job may take to drain after the producer stopped before it is called stuck. */
  drainTimeoutMs: number;
}

export interface ChaosEvent {
  /** Milliseconds since the producer started. */
  atMs: number;
  what: string;
  tookMs: number;
  outcome: string;
}

export interface SoakResult {
  delivery: DeliveryGuarantee;
  options: SoakOptions;
  /** Records the producer had acknowledged. */
  produced: number;
  /** Records on the source and on the target, as kcat reads them (read_committed). */
  sourceRecords: number;
  targetRecords: number;
  lost: number;
  duplicated: number;
  reordered: number;
  mismatchedPartitions: number[];
  group: { id: string; read: number; exact: number; inexact: number; partitions: GroupPartitionVerdict[] };
  events: ChaosEvent[];
  /** From the producer's last record (and the last fault) to CutoverReady; undefined when stuck. */
  drainMs: number | undefined;
  /** Why the job did not drain in time, with its last status. */
  stuck?: string;
  durationMs: number;
}

/** The operator ground with Kafka clusters of its own: the soak restarts brokers. release() stops them too. */
export async function soakGround(): Promise<OperatorGround> {
  const ground = await sharedOperatorGround(() =>
    Promise.all([startKafkaCluster(sourceSpec(), runSubdir('soak-source'), 'soak-source'), startKafkaCluster(targetSpec(), runSubdir('soak-target'), 'soak-target')]),
  );
  const own: OperatorGround = {
    ...ground,
    async release() {
      await ground.release();
      await Promise.all([stopKafkaCluster(own.source), stopKafkaCluster(own.target)]);
    },
  };
  return own;
}

/** Did the soak keep the promise of its delivery mode? Returns what was broken (empty: passed). */
export function brokenPromises(r: SoakResult): string[] {
  const broken = [
    r.lost > 0 && `${r.lost} records lost`,
    r.stuck !== undefined && `the job did not drain: ${r.stuck}`,
    r.produced < r.options.records && `the producer wrote ${r.produced} of ${r.options.records} records`,
    ...r.events.filter((e) => e.outcome.startsWith(FAILED)).map((e) => `${e.what}: ${e.outcome}`),
  ];
  if (r.delivery === 'ExactlyOnce') {
    broken.push(r.duplicated > 0 && `${r.duplicated} records duplicated`, r.reordered > 0 && `${r.reordered} records out of order`, r.group.inexact > 0 && `${r.group.inexact} group partitions translated inexactly`);
  }
  return broken.filter((b): b is string => typeof b === 'string');
}

export async function runChaosSoak(ground: OperatorGround, options: SoakOptions, log: (line: string) => void = () => undefined): Promise<SoakResult> {
  const began = Date.now();
  const { admin, kubelet } = ground;
  const custom = admin.makeApiClient(CustomObjectsApi);
  const prepared = await operatorNamespace(admin, kubelet.nodeName, ground.source, `soak-${options.delivery.toLowerCase()}`);
  const { namespace } = prepared;
  const pair = await startOperatorPair(admin, prepared.kubeconfig, namespace);
  try {
    const prefix = uniqueTopic('soak');
    const topic = `${prefix}-events`;
    const group = `${prefix}-readers`;
    await createTopicWithTool(ground.source, topic, options.partitions);
    const job = aMirrorJob(JOB, ground.source, ground.target, prefix, { replication: { workers: 1, delivery: options.delivery }, groups: { include: [group] }, syncIntervalSeconds: 5 });
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: job });
    await eventuallyStatus(custom, namespace, JOB, 'WorkersReady', (s) => holds(s, 'WorkersReady'), 180_000);
    log(`${namespace}: MirrorJob ${JOB} (${options.delivery}) ready; producing ${options.records} records at ${options.perSecond}/s into ${options.partitions} partitions of ${topic}`);

    const start = Date.now();
    const producer = startContinuousProducer(ground.source, topic, options.partitions, { batch: 200, records: options.records, perSecond: options.perSecond, idempotent: true });
    const reading = consumeAsGroup(ground.source, topic, group, { maxMessages: options.groupReads, idleMs: 120_000 });
    // Both are awaited once the faults are done; a failure before then must not be an unhandled rejection.
    for (const pending of [producer.finished, reading]) pending.catch(() => undefined);
    const events: ChaosEvent[] = [];
    const ticker = setInterval(() => void progressLine(start, producer.acknowledged(), custom, namespace).then(log, () => undefined), 15_000);
    try {
      await Promise.all([killTrack(ground, namespace, options, start, events), faultTrack(ground, pair, namespace, options, start, events)]);
      const produced = await producer.finished;
      const readOnSource = await reading;
      const stoppedAt = Date.now();
      log(`producer done (${produced} acknowledged), ${events.length} faults done, group read ${readOnSource.length}; draining`);
      const { drainMs, stuck } = await drain(custom, namespace, options.drainTimeoutMs, stoppedAt);
      clearInterval(ticker);
      const verdict = await judge(ground, topic, group, readOnSource);
      return { delivery: options.delivery, options, produced, ...verdict, events: events.sort((a, b) => a.atMs - b.atMs), drainMs, ...(stuck ? { stuck } : {}), durationMs: Date.now() - began };
    } finally {
      clearInterval(ticker);
      await producer.stop();
    }
  } finally {
    await custom.deleteNamespacedCustomObject({ ...jobRef, namespace, name: JOB }).catch(() => undefined);
    await waitFor('the workers to be gone', async () => ([...kubelet.processes().keys()].some((pod) => pod.startsWith(`${namespace}/`)) ? undefined : true), { timeoutMs: 90_000 }).catch(() => undefined);
    await Promise.all(pair.running.map((p) => stopProcess(p)));
    await admin.makeApiClient(RbacAuthorizationV1Api).deleteClusterRole({ name: prepared.clusterRoleName }).catch(() => undefined);
  }
}

async function progressLine(start: number, produced: number, custom: CustomObjectsApi, namespace: string): Promise<string> {
  const s = await readStatus(custom, namespace, JOB);
  return `  t=${Math.round((Date.now() - start) / 1000)}s produced=${produced} behind=${s?.progress?.recordsBehind ?? '?'} workers=${s?.workers?.ready ?? 0}/${s?.workers?.desired ?? '?'} phase=${s?.phase ?? '?'}`;
}

/** A worker SIGKILLed every interval, `kills` times. */
async function killTrack(ground: OperatorGround, namespace: string, options: SoakOptions, start: number, events: ChaosEvent[]): Promise<void> {
  for (let i = 1; i <= options.kills; i++) {
    await sleep(Math.max(0, start + i * options.killIntervalMs - Date.now()));
    events.push({ atMs: Date.now() - start, what: `SIGKILL worker ${i}/${options.kills}`, tookMs: 0, outcome: killRandomWorker(ground.kubelet, namespace) });
  }
}

/** Scale-ups, broker restarts and the leader kill, evenly over the kill window, each after the one before. */
async function faultTrack(ground: OperatorGround, pair: OperatorPair, namespace: string, options: SoakOptions, start: number, events: ChaosEvent[]): Promise<void> {
  const [up, ...down] = options.scaleSteps;
  const restart = (side: 'source' | 'target') => async () => {
    ground[side] = await restartBroker(ground[side]);
    return `broker pid ${ground[side].brokerPid} serving again`;
  };
  const faults: Array<{ what: string; act: () => Promise<string> }> = [
    ...(up !== undefined ? [{ what: `scale workers to ${up}`, act: () => scaleWorkers(ground.admin, namespace, JOB, up) }] : []),
    ...(options.restartSource ? [{ what: 'restart the source broker', act: restart('source') }] : []),
    ...(options.killLeader ? [{ what: 'SIGKILL the leading operator', act: () => killLeader(ground.admin, pair, 'c') }] : []),
    ...(options.restartTarget ? [{ what: 'restart the target broker', act: restart('target') }] : []),
    ...down.map((n) => ({ what: `scale workers to ${n}`, act: () => scaleWorkers(ground.admin, namespace, JOB, n) })),
  ];
  const window = options.kills * options.killIntervalMs;
  for (const [i, { what, act }] of faults.entries()) {
    await sleep(Math.max(0, start + (window * (i + 1)) / (faults.length + 1) - Date.now()));
    const at = Date.now();
    // A fault that does not complete (no standby takes over, the StatefulSet is never resized) is a finding, not a crash of the soak.
    const outcome = await act().catch((err: unknown) => `${FAILED}${(err as Error).message}`);
    events.push({ atMs: at - start, what, tookMs: Date.now() - at, outcome });
  }
}

/**
 * Waits for CaughtUp with nothing behind, then asks for cutover and waits for CutoverReady: a group-offset
 * sync round that started after the drain has then written the group's final offsets on the target.
 */
async function drain(custom: CustomObjectsApi, namespace: string, timeoutMs: number, since: number): Promise<{ drainMs?: number; stuck?: string }> {
  const deadline = since + timeoutMs;
  try {
    await eventuallyStatus(custom, namespace, JOB, 'CaughtUp with nothing behind', (s) => holds(s, 'CaughtUp') && s.progress?.recordsBehind === 0, Math.max(1, deadline - Date.now()));
    await custom.patchNamespacedCustomObject({ ...jobRef, namespace, name: JOB, body: { spec: { cutover: true } } }, mergePatch);
    await eventuallyStatus(custom, namespace, JOB, 'CutoverReady', (s) => holds(s, 'CutoverReady'), Math.max(1, deadline - Date.now()));
    return { drainMs: Date.now() - since };
  } catch (err) {
    const status = await readStatus(custom, namespace, JOB).catch(() => undefined);
    return { stuck: `${(err as Error).message}; last status: ${JSON.stringify(status)}` };
  }
}

/** kcat reads both sides; Kafka's consumer-groups tool reads the group's offsets on both. */
async function judge(ground: OperatorGround, topic: string, group: string, readOnSource: string[]) {
  const [src, dst, sourceCommitted, targetCommitted] = await Promise.all([
    kcatReadAll(ground.source, topic),
    kcatReadAll(ground.target, topic),
    committedOffsets(ground.source, group, topic),
    committedOffsets(ground.target, group, topic),
  ]);
  const partitions = judgeGroupOffsets(src, dst, readOnSource, sourceCommitted, targetCommitted);
  const exact = partitions.filter((p) => p.exact).length;
  return {
    ...compareRecords(src, dst),
    reordered: countReordered(src, dst),
    group: { id: group, read: readOnSource.length, exact, inexact: partitions.length - exact, partitions },
  };
}
