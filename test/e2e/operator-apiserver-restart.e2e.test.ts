import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { sourceKafka, targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareTopics } from '../helpers/kafka/compare-topics.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import type { KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { produceRecords } from '../helpers/kafka/produce.ts';
import { isAlive, stopProcess, waitFor } from '../helpers/processes.ts';
import { projectRoot, runSubdir } from '../helpers/run-dir.ts';
import { restartApiServer, startControlPlane, type ControlPlane } from '../helpers/kube/control-plane.ts';
import { mapImages, nodeScriptImage } from '../helpers/kube/image-mapping.ts';
import { loadKubeConfig } from '../helpers/kube/kubeconfig.ts';
import { startProcessKubelet, type ProcessKubelet } from '../helpers/kube/process-kubelet.ts';
import {
  aMirrorJob, applyMirrorJobCrd, createSourceCredentials, eventuallyCondition, eventuallyStatus, jobRef, mergePatch, startOperatorProcess, stopOperator, testRecords, type OperatorProcess,
} from './operator-harness.ts';

// A control plane of its own: restarting the shared one's API server would break the other files'
// tests. The operator speaks as admin here (RBAC is covered by operator.e2e.test.ts).
describe('the operator through an API server restart', () => {
  let cp: ControlPlane;
  let admin: KubeConfig;
  let kubelet: ProcessKubelet | undefined;
  let operator: OperatorProcess | undefined;
  let source: KafkaCluster;
  let target: KafkaCluster;

  beforeAll(async () => {
    [cp, source, target] = await Promise.all([startControlPlane(runSubdir('operator-apiserver-restart')), sourceKafka(), targetKafka()]);
    admin = loadKubeConfig(cp.kubeconfig);
    await applyMirrorJobCrd(admin, cp.kubeconfig);
    const image = nodeScriptImage(join(projectRoot, 'main.ts'));
    kubelet = await startProcessKubelet({ kubeconfig: cp.kubeconfig, mapImage: mapImages({ 'kafka-mirror-operator': image }) });
  }, 180_000);

  afterAll(async () => {
    await stopOperator(operator);
    await kubelet?.stop();
    await Promise.all(Object.values(cp?.pids ?? {}).map((pid) => stopProcess({ pid })));
  });

  it('loses and regains leadership in-process, then reconciles a spec change and a new job after the API server came back', async () => {
    const namespace = 'mirror';
    await admin.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
    await createSourceCredentials(admin, namespace, source);
    operator = await startOperatorProcess(`operator-apiserver-restart-${Date.now().toString(36)}`, cp.kubeconfig, namespace);
    const custom = admin.makeApiClient(CustomObjectsApi);
    const prefix = uniqueTopic('e2e-apiserver');
    const topic = `${prefix}-orders`;
    await Promise.all([createTopicWithTool(source, topic, 2), createTopicWithTool(target, topic, 2)]);
    await produceRecords(source, topic, testRecords(200, 2));
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: aMirrorJob('steady', source, target, prefix, { replication: { workers: 1 } }) });
    await eventuallyCondition(custom, namespace, 'steady', 'CaughtUp', 'True', 120_000);

    // Down for longer than the lease's renew deadline (7 s): the leader must stop and campaign again.
    const outage = Date.now();
    cp = await restartApiServer(cp, 9_000);
    const outageMs = Date.now() - outage;

    // A spec change made after the restart, seen by the operator's re-established watch or its poll.
    // Cutover does not roll the workers, so what is measured is the operator, not how fast the
    // controller-manager and scheduler of this test cluster get over the restart themselves.
    const changed = Date.now();
    await waitFor('the spec change to be accepted', () => custom.patchNamespacedCustomObject({ ...jobRef, namespace, name: 'steady', body: { spec: { cutover: true } } }, mergePatch), { timeoutMs: 60_000 });
    const reconciled = await eventuallyStatus(custom, namespace, 'steady', 'generation 2 observed', (s) => s.observedGeneration === 2 && s.conditions?.some((c) => c.type === 'CutoverReady' && c.reason !== 'CutoverNotRequested') === true, 60_000);
    const appliedMs = Date.now() - changed;
    expect(reconciled.observedGeneration).toBe(2);
    await produceRecords(source, topic, testRecords(200, 2, 'after-'));
    const status = await eventuallyStatus(custom, namespace, 'steady', 'caught up after the restart, ready for cutover', (s) => s.workers?.ready === 1 && s.progress?.recordsBehind === 0 && s.conditions?.some((c) => c.type === 'CutoverReady' && c.status === 'True') === true, 120_000);
    const reconciledMs = Date.now() - changed;
    // A job created after the restart is known only through the re-listed, re-watched informer.
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: aMirrorJob('newcomer', source, target, prefix, { paused: true }) });
    await eventuallyCondition(custom, namespace, 'newcomer', 'Ready', 'True', 90_000);
    const log = readFileSync(operator.logFile, 'utf8');
    const elected = log.split('\n').filter((line) => line.includes('"became leader"')).length;
    console.log(`API server down for ${outageMs} ms (restart included); leader elected ${elected} times in one process; spec change reconciled ${appliedMs} ms after the API server was back, caught up and ready for cutover after ${reconciledMs} ms`);
    expect(log).toContain('leadership lost: controller stopped; campaigning again');
    expect(elected).toBe(2);
    expect(isAlive(operator.pid)).toBe(true);
    expect(log).not.toContain('stopped on an error'); // the process never gave up (main.ts)
    expect((await fetch(`${operator.metricsUrl}/healthz`)).ok).toBe(true);
    expect(status.phase).toBe('CaughtUp');
    expect(await compareTopics(source, topic, target)).toEqual({ sourceRecords: 400, targetRecords: 400, lost: 0, duplicated: 0, mismatchedPartitions: [] });
  }, 400_000);
});
