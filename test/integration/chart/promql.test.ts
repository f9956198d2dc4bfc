/**
 * Every PromQL expression of the chart's dashboards and alert rules, evaluated on a real Prometheus
 * scraping two real workers (mirroring real Kafka) and a real operator (on the real control plane).
 */
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { PlatformaticAdmin } from '../../../src/kafka/platformatic-admin.adapter.ts';
import { accessOf } from '../../helpers/kafka/access.ts';
import { sourceKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { createTopicWithTool } from '../../helpers/kafka/kafka-tools.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { adminKubeConfig } from '../../helpers/kube/clients.ts';
import { controlPlane } from '../../helpers/kube/control-plane.ts';
import { freshNamespace } from '../../helpers/kube/namespaces.ts';
import { freePort } from '../../helpers/ports.ts';
import { isAlive, waitFor } from '../../helpers/processes.ts';
import { startPrometheus, type RunningPrometheus } from '../../helpers/prometheus.ts';
import { caughtUpSince, startWorker, writeJobFiles, type JobFiles, type WorkerProcess } from '../../helpers/replication/worker-process.ts';
import { runSubdir } from '../../helpers/run-dir.ts';
import { applyMirrorJobCrd, eventuallyCondition, jobRef, operatorIdentity, startOperatorProcess, stopOperator, type OperatorProcess } from '../../e2e/operator-harness.ts';
import { dashboardChartQueries, ruleChartQueries, type ChartQuery } from '../../unit/chart/chart-queries.ts';
import { writeRenderedRules } from '../../unit/chart/rendered-rules.ts';

/** The chart's default thresholds (values.yaml), as Helm renders them into the rules. */
const thresholds = { lagThreshold: '10000', lagFor: '10m', lagGrowingFor: '15m', workerDownFor: '5m' };

/**
 * Expressions allowed to return no series in this run, each for a stated reason. Everything else must
 * return data. Whole alert expressions are not listed: a healthy run fires nothing, so they are checked
 * for validity here (and by Prometheus loading them), and for firing by promtool (alert-rules.test.ts).
 */
const mayBeEmpty: Record<string, string> = {
  // Needs records deleted by retention before they are copied: retention of seconds on the source with
  // the workers stopped, a run of minutes; the alert's logic is covered by promtool.
  'kafka_mirror_records_lost_to_retention_total': 'only counted when retention deletes records not yet copied',
  // The failure series exist only after a failure; the healthy run has none (promtool covers the alerts).
  'result=~"failed|partial"': 'only after a metadata sync pass fails',
  'result="Failed"': 'only after the target refuses a group offset commit',
  'result="error"': 'only after a reconcile fails',
  // Set per pass to what is left to change; a converged job has no drift series.
  'kafka_mirror_metadata_drift': 'only while the metadata sync finds something to change',
};

/**
 * Waits until the workers have copied everything, restarting any that exited, as the StatefulSet's
 * restartPolicy would: on a first start, worker 0's metadata sync and its replicator may race to create
 * the job's internal topics, and the loser exits ("Creating topics failed."; reported, src/ owns it).
 */
async function untilCaughtUpRestarting(workers: WorkerProcess[], files: JobFiles): Promise<void> {
  const asked = Date.now();
  await waitFor('the workers to catch up', async () => {
    for (const [i, w] of workers.entries()) if (!isAlive(w.pid)) workers[i] = await startWorker(files, { index: i, revision: 1 });
    const all = await Promise.all(workers.map((w) => w.status()));
    return all.every((s) => caughtUpSince(s, asked)) ? true : undefined;
  }, { timeoutMs: 150_000, intervalMs: 500 });
}

const exemption = (q: ChartQuery): string | undefined => Object.entries(mayBeEmpty).find(([needle]) => q.expr.includes(needle))?.[1];

describe('the dashboards and alert rules, on a real Prometheus', () => {
  let source: KafkaCluster;
  let target: KafkaCluster;
  let admin: KubeConfig;
  let prometheus: RunningPrometheus;
  let operator: OperatorProcess | undefined;
  const workers: WorkerProcess[] = [];
  const jobName = `promql-${Date.now().toString(36)}`;
  const jobId = `test.${jobName}`;

  beforeAll(async () => {
    [source, target] = await Promise.all([sourceKafka(), targetKafka(), controlPlane()]).then(([s, t]) => [s, t] as const);
    admin = await adminKubeConfig();

    // The operator, watching a namespace with one valid and one invalid MirrorJob (phase Failed: the event behind KafkaMirrorJobFailed).
    await applyMirrorJobCrd(admin);
    const namespace = await freshNamespace('chart-promql');
    const identity = await operatorIdentity(admin, namespace);
    operator = await startOperatorProcess(`operator-${namespace}`, identity.kubeconfig, namespace);
    const custom = admin.makeApiClient(CustomObjectsApi);
    const mirrorJob = (name: string, include: string) => ({
      apiVersion: 'kafkamirror.io/v1alpha1',
      kind: 'MirrorJob',
      metadata: { name },
      spec: { source: { bootstrapServers: [target.bootstrap] }, target: { bootstrapServers: [target.bootstrap] }, topics: { include: [include] } },
    });
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: mirrorJob('broken', 'orders[(') });
    await eventuallyCondition(custom, namespace, 'broken', 'Ready', 'False', 90_000);

    // Two workers mirroring a topic that exists on the source only (the metadata sync creates it on the
    // target: a metadata action), with a consumer group on the source (a group offset sync).
    const topic = uniqueTopic('promql');
    await createTopicWithTool(source, topic, 4);
    await produceRecords(source, topic, Array.from({ length: 400 }, (_, i) => ({ partition: i % 4, key: `k${i}`, value: `value-${i}`, timestamp: Date.now() })));
    const sourceAdmin = new PlatformaticAdmin({ ...accessOf(source), clientId: 'promql-test' });
    try {
      await sourceAdmin.alterGroupOffsets(`${topic}-consumers`, [{ topic, partition: 0, offset: 50n }]);
    } finally {
      await sourceAdmin.close();
    }
    const files = writeJobFiles(jobName, source, target, { topics: [topic], workers: 2 });
    workers.push(...(await Promise.all([0, 1].map((index) => startWorker(files, { index, revision: 1 })))));

    // Settled first: a restarted worker listens on a new port, and the scrape targets are fixed.
    await untilCaughtUpRestarting(workers, files);

    // A worker target nobody serves: `up == 0`, the event behind KafkaMirrorWorkerDown.
    const deadWorker = `127.0.0.1:${await freePort()}`;
    const ruleFile = await writeRenderedRules(runSubdir('prometheus-rules', jobName));
    prometheus = await startPrometheus(jobName, {
      ruleFiles: [ruleFile],
      scrape: [
        // What the chart's PodMonitor gives: the workers' own `job` label kept, the Pod labels on `up`.
        { job: 'kafka-mirror-workers', targets: [...workers.map((w) => `127.0.0.1:${w.port}`), deadWorker], honorLabels: true, labels: { namespace: 'test', app_kubernetes_io_component: 'worker', kafkamirror_io_job: jobName } },
        { job: 'kafka-mirror-operator', targets: [operator.metricsUrl.replace('http://', '')] },
      ],
    });
    // More records while Prometheus watches, so rates and latency histograms move within the windows.
    await produceRecords(source, topic, Array.from({ length: 200 }, (_, i) => ({ partition: i % 4, key: `m${i}`, value: `more-${i}`, timestamp: Date.now() })));
    await untilCaughtUpRestarting(workers, files);
    await prometheus.untilScraped('kafka-mirror-operator');
    await prometheus.untilScraped('kafka-mirror-workers', 2);
    // Group offsets and metadata actions come from worker 0's sync passes (every 2 s in this job).
    await waitFor('a group offset sync and a metadata action to be scraped', async () => {
      const [groups, actions] = await Promise.all([
        prometheus.query(`kafka_mirror_group_offset_syncs_total{job="${jobId}"}`),
        prometheus.query(`kafka_mirror_metadata_actions_total{job="${jobId}"}`),
      ]);
      return groups.result.length > 0 && actions.result.length > 0 ? true : undefined;
    }, { timeoutMs: 60_000 });
    // rate() needs two samples of a series inside its window.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all(workers.map((w) => w.stop()));
    await stopOperator(operator);
  });

  const fill = (q: ChartQuery): string => {
    const job = q.dashboard === 'overview' ? '.+' : jobId;
    return q.expr.replaceAll('$__rate_interval', '30s').replaceAll('$job', job);
  };

  it('every dashboard query returns data (or is an event-only series, stated above)', async () => {
    const outcomes = await Promise.all(dashboardChartQueries().map(async (q) => ({ q, result: await prometheus.query(fill(q)) })));
    const empty = outcomes.filter(({ q, result }) => result.result.length === 0 && !exemption(q)).map(({ q }) => `${q.where}: ${fill(q)}`);
    expect(empty).toEqual([]);
    console.log(`empty, as stated in mayBeEmpty: ${outcomes.filter(({ result }) => result.result.length === 0).map(({ q }) => q.where).join('; ') || 'none'}`);
    // Per-worker process metrics are joined to the MirrorJob: one series per worker.
    const memory = outcomes.find(({ q }) => q.where.includes('Worker memory'));
    expect(memory?.result.result.map((r) => [r.metric.job, r.metric.worker]).sort()).toEqual([[jobId, '0'], [jobId, '1']]);
    // The operator's process metrics are told from the workers' by a series only the operator exports.
    const operatorMemory = outcomes.filter(({ q }) => q.where.includes('Operator memory'));
    expect(operatorMemory).toHaveLength(2);
    for (const { result } of operatorMemory) expect(result.result.map((r) => r.metric.job)).toEqual(['kafka-mirror-operator']);
  });

  it('every alert signal returns data, and every alert expression is valid PromQL', async () => {
    const outcomes = await Promise.all(ruleChartQueries(thresholds).map(async (q) => ({ q, result: await prometheus.query(q.expr) })));
    const emptySignals = outcomes.filter(({ q, result }) => q.where.endsWith('(signal)') && result.result.length === 0 && !exemption(q)).map(({ q }) => `${q.where}: ${q.expr}`);
    expect(emptySignals).toEqual([]);
    console.log(`empty signals, as stated in mayBeEmpty: ${outcomes.filter(({ q, result }) => q.where.endsWith('(signal)') && result.result.length === 0).map(({ q }) => q.where).join('; ') || 'none'}`);
    // The events this run makes happen fire their alert expressions.
    const firing = (alert: string) => outcomes.find(({ q }) => q.where === `alert ${alert} (expr)`)?.result.result ?? [];
    expect(firing('KafkaMirrorWorkerDown')).toHaveLength(1);
    expect(firing('KafkaMirrorJobFailed')).toHaveLength(1);
  });

  it('Prometheus loads the rendered rules and evaluates each without error', async () => {
    const rules = await waitFor('every rule to be evaluated', async () => {
      const all = await prometheus.rules();
      return all.length > 0 && all.every((r) => r.health !== 'unknown') ? all : undefined;
    });
    expect(rules.map((r) => [r.name, r.health, r.lastError ?? ''])).toEqual(rules.map((r) => [r.name, 'ok', '']));
  });
});
