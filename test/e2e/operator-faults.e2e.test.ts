import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { findCondition, type MirrorJobStatus } from '../../src/api/index.ts';
import { childNames } from '../../operator/names.ts';
import { uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareTopics } from '../helpers/kafka/compare-topics.ts';
import { consumeAsGroup } from '../helpers/kafka/console-consumer.ts';
import { startContinuousProducer, stopContinuousProducers } from '../helpers/kafka/continuous-producer.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import type { KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { produceRecords } from '../helpers/kafka/produce.ts';
import { waitFor } from '../helpers/processes.ts';
import { kubectl } from '../helpers/kube/clients.ts';
import { type ProcessKubelet } from '../helpers/kube/process-kubelet.ts';
import { sharedOperatorGround, type OperatorGround, aMirrorJob, eventuallyCondition, eventuallyStatus, jobRef, mergePatch, operatorNamespace, startOperatorProcess, testRecords } from './operator-harness.ts';

const condition = (status: MirrorJobStatus, type: string) => findCondition(status.conditions, type);
const holds = (status: MirrorJobStatus, type: string, value = 'True') => condition(status, type)?.status === value;

// Faults and the end of a job's life: a worker killed, a record the target refuses, a cutover. One
// namespace and one operator per test, on the shared control plane and Kafka clusters.
describe('the operator reports faults and cutover from the workers and Kafka', () => {
  let admin: KubeConfig;
  let kubelet: ProcessKubelet;
  let source: KafkaCluster;
  let target: KafkaCluster;
  let ground: OperatorGround;

  beforeAll(async () => {
    ground = await sharedOperatorGround();
    ({ admin, kubelet, source, target } = ground);
  });

  afterEach(() => stopContinuousProducers());

  afterAll(() => ground?.release());

  /** A namespace with its own operator, and the topic prefix of the test. */
  async function testbed(prefix: string) {
    const prepared = await operatorNamespace(admin, kubelet.nodeName, source, prefix);
    ground.clusterRoles.push(prepared.clusterRoleName);
    ground.operators.push(await startOperatorProcess(`operator-${prepared.namespace}`, prepared.kubeconfig, prepared.namespace));
    const custom = admin.makeApiClient(CustomObjectsApi);
    const create = (body: ReturnType<typeof aMirrorJob>) => custom.createNamespacedCustomObject({ ...jobRef, namespace: prepared.namespace, body });
    return { namespace: prepared.namespace, custom, create, topicPrefix: uniqueTopic(prefix) };
  }

  const workerPids = (namespace: string) => new Map([...kubelet.processes()].filter(([pod]) => pod.startsWith(`${namespace}/`)));

  it('shows a killed worker as not ready while lag is still measured, and recovers when the kubelet restarts it', async () => {
    const { namespace, custom, create, topicPrefix } = await testbed('operator-kill');
    const topic = `${topicPrefix}-events`;
    await Promise.all([createTopicWithTool(source, topic, 4), createTopicWithTool(target, topic, 4)]);
    await produceRecords(source, topic, testRecords(400, 4));
    await create(aMirrorJob('kill', source, target, topicPrefix));
    await eventuallyStatus(custom, namespace, 'kill', 'WorkersReady and CaughtUp', (s) => holds(s, 'WorkersReady') && holds(s, 'CaughtUp'), 120_000);

    const victim = `${namespace}/${childNames({ metadata: { name: 'kill' } }).statefulSet}-1`;
    const pid = workerPids(namespace).get(victim);
    expect(pid).toBeDefined();
    process.kill(pid ?? 0, 'SIGKILL');
    const killed = Date.now();
    const down = await eventuallyStatus(custom, namespace, 'kill', 'WorkersReady=False', (s) => holds(s, 'WorkersReady', 'False'), 90_000);
    const seenDownMs = Date.now() - killed;
    // Lag comes from Kafka, not from the workers: still measured while one is down.
    expect(down.workers).toMatchObject({ desired: 2, ready: 1 });
    expect(condition(down, 'WorkersReady')).toMatchObject({ reason: 'WorkersUnavailable', message: '1/2 workers ready' });
    expect(down.progress).toMatchObject({ partitions: { total: 4 } });
    expect(down.lag).toBeDefined();

    await produceRecords(source, topic, testRecords(200, 4, 'while-down-'));
    const restartedPid = await waitFor('the kubelet to restart the killed worker', async () => {
      const now = workerPids(namespace).get(victim);
      return now !== undefined && now !== pid ? now : undefined;
    }, { timeoutMs: 60_000 });
    const recovered = await eventuallyStatus(custom, namespace, 'kill', 'WorkersReady, CaughtUp, nothing behind', (s) => holds(s, 'WorkersReady') && holds(s, 'CaughtUp') && s.progress?.recordsBehind === 0, 90_000);
    console.log(`worker killed -> WorkersReady=False in status after ${seenDownMs} ms (recordsBehind then ${down.progress?.recordsBehind}); -> recovered and caught up after ${Date.now() - killed} ms`);
    expect(restartedPid).not.toBe(pid);
    expect(recovered).toMatchObject({ phase: 'CaughtUp', workers: { desired: 2, ready: 2 } });
    const pod = await admin.makeApiClient(CoreV1Api).readNamespacedPod({ namespace, name: victim.split('/')[1] ?? '' });
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(1);
    expect(await compareTopics(source, topic, target)).toEqual({ sourceRecords: 600, targetRecords: 600, lost: 0, duplicated: 0, mismatchedPartitions: [] });
  }, 300_000);

  it('reports a record the target refuses as Degraded, naming topic, partition, offset and error, with a Warning event', async () => {
    const { namespace, custom, create, topicPrefix } = await testbed('operator-degraded');
    const topic = `${topicPrefix}-big`;
    await Promise.all([createTopicWithTool(source, topic, 2), createTopicWithTool(target, topic, 2, { 'max.message.bytes': '2000' })]);
    await produceRecords(source, topic, testRecords(20, 2));
    await produceRecords(source, topic, [{ partition: 1, key: 'big', value: 'x'.repeat(10_000) }]);
    await produceRecords(source, topic, [0, 1].map((partition) => ({ partition, key: 'after', value: 'small again' })));
    const started = Date.now();
    // configs.sync off: the target's smaller max.message.bytes is the point of the test.
    await create(aMirrorJob('big', source, target, topicPrefix, { replication: { workers: 1 }, configs: { sync: false } }));
    const degraded = await eventuallyCondition(custom, namespace, 'big', 'Degraded', 'True', 120_000);
    console.log(`MirrorJob created -> Degraded=True after ${Date.now() - started} ms`);
    expect(condition(degraded, 'Degraded')).toMatchObject({ reason: 'RecordRejected', message: expect.stringContaining(`topic ${topic} partition 1 stopped at offset 10: MESSAGE_TOO_LARGE`) });
    expect(degraded.phase).toBe('Degraded');
    expect(condition(degraded, 'Ready')).toMatchObject({ status: 'False', reason: 'RecordRejected' });
    // Partition 0 is copied to its end; partition 1 stops before the big record: 2 records behind.
    const settled = await eventuallyStatus(custom, namespace, 'big', 'partition 0 copied, 2 records behind', (s) => s.progress?.partitions.caughtUp === 1 && s.progress.recordsBehind === 2, 60_000);
    expect(settled.lag).toMatchObject({ records: 2, maxPartitionRecords: 2, topTopics: [{ name: topic, records: 2 }] });
    const events = await kubectl(['-n', namespace, 'get', 'events', '--field-selector', 'involvedObject.name=big', '-o', 'jsonpath={range .items[*]}{.type}/{.reason}{"\\n"}{end}']);
    expect(events.split('\n')).toContain('Warning/RecordRejected');
  }, 200_000);

  it('drains on cutover with the workers left running, and `kubectl wait --for=condition=CutoverReady` returns', async () => {
    const { namespace, custom, create, topicPrefix } = await testbed('operator-cutover');
    const topic = `${topicPrefix}-orders`;
    await Promise.all([createTopicWithTool(source, topic, 3), createTopicWithTool(target, topic, 3)]);
    const producer = startContinuousProducer(source, topic, 3);
    await create(aMirrorJob('drain', source, target, topicPrefix));
    await eventuallyCondition(custom, namespace, 'drain', 'WorkersReady', 'True', 120_000);
    const before = workerPids(namespace);
    expect(before.size).toBe(2);

    // A consumer group that read part of the source and stopped: cutover must bring its offset over, exactly.
    const group = `${topicPrefix}-billing`;
    const readOnSource = await consumeAsGroup(source, topic, group, { maxMessages: 700 });
    await custom.patchNamespacedCustomObject({ ...jobRef, namespace, name: 'drain', body: { spec: { cutover: true } } }, mergePatch);
    const draining = await eventuallyStatus(custom, namespace, 'drain', 'CutoverReady=False/Draining', (s) => condition(s, 'CutoverReady')?.reason === 'Draining', 90_000);
    // While producers still write, the job is behind or waiting for a sync round after the drain.
    expect(condition(draining, 'CutoverReady')?.message).toMatch(/^draining: (\d+ records left to copy|all 3 partitions copied to the end; waiting for a group-offset sync round)/);

    const acknowledged = await producer.stop();
    const stopped = Date.now();
    const waited = await kubectl(['-n', namespace, 'wait', '--for=condition=CutoverReady', 'mj/drain', '--timeout=50s']);
    const drainMs = Date.now() - stopped;
    console.log(`producer stopped after ${acknowledged} records -> kubectl wait --for=condition=CutoverReady returned after ${drainMs} ms`);
    expect(waited).toContain('condition met');
    const status = await eventuallyCondition(custom, namespace, 'drain', 'CutoverReady', 'True', 5_000);
    expect(condition(status, 'CutoverReady')).toMatchObject({ reason: 'CutoverComplete', message: expect.stringContaining('all 3 partitions copied to the end') });
    expect(status.phase).toBe('CaughtUp');
    expect(workerPids(namespace)).toEqual(before); // cutover is not a worker config change: nothing rolled
    const comparison = await compareTopics(source, topic, target);
    expect(comparison).toMatchObject({ lost: 0, duplicated: 0, mismatchedPartitions: [] });
    expect(comparison.targetRecords).toBeGreaterThanOrEqual(acknowledged);
    // The group resumes on the target exactly after what it read on the source: nothing twice, nothing skipped.
    const readOnTarget = await consumeAsGroup(target, topic, group, { idleMs: 5_000 });
    expect(readOnSource).toHaveLength(700);
    expect(new Set([...readOnSource, ...readOnTarget]).size).toBe(readOnSource.length + readOnTarget.length);
    expect(readOnSource.length + readOnTarget.length).toBe(comparison.sourceRecords);
  }, 200_000);
});
