import { AppsV1Api, CoreV1Api, CustomObjectsApi, PolicyV1Api, type KubeConfig } from '@kubernetes/client-node';
import { findCondition } from '../../src/api/index.ts';
import { childNames } from '../../operator/names.ts';
import { uniqueTopic } from '../helpers/kafka/clusters.ts';
import { compareTopics } from '../helpers/kafka/compare-topics.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import type { KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { produceRecords } from '../helpers/kafka/produce.ts';
import { isAlive, waitFor } from '../helpers/processes.ts';
import { kubectl } from '../helpers/kube/clients.ts';
import { type ProcessKubelet } from '../helpers/kube/process-kubelet.ts';
import { sharedOperatorGround, type OperatorGround, type OperatorProcess, aMirrorJob, eventuallyCondition, jobRef, leaseHolder, mergePatch, operatorNamespace as prepareNamespace, readStatus, startOperatorPair, startOperatorProcess, testRecords } from './operator-harness.ts';

describe('the operator, on a real control plane with real Kafka', () => {
  let admin: KubeConfig;
  let kubelet: ProcessKubelet;
  let source: KafkaCluster;
  let target: KafkaCluster;
  let ground: OperatorGround;

  beforeAll(async () => {
    ground = await sharedOperatorGround();
    ({ admin, kubelet, source, target } = ground);
  });

  afterAll(() => ground?.release());

  /** A namespace on this file's kubelet, with the operator's identity and the source credentials Secret. */
  async function operatorNamespace(prefix: string): Promise<{ namespace: string; kubeconfig: string }> {
    const prepared = await prepareNamespace(admin, kubelet.nodeName, source, prefix);
    ground.clusterRoles.push(prepared.clusterRoleName);
    return prepared;
  }

  it('mirrors a topic through worker Pods it creates, reports it in status, refuses an invalid spec, and cleans up on delete', async () => {
    const { namespace, kubeconfig } = await operatorNamespace('operator-e2e');
    const operator = await startOperatorProcess(`operator-${namespace}`, kubeconfig, namespace);
    ground.operators.push(operator);
    const custom = admin.makeApiClient(CustomObjectsApi);
    const apps = admin.makeApiClient(AppsV1Api);
    const core = admin.makeApiClient(CoreV1Api);

    const prefix = uniqueTopic('e2e');
    const topic = `${prefix}-orders`;
    await Promise.all([createTopicWithTool(source, topic, 3), createTopicWithTool(target, topic, 3)]);
    await produceRecords(source, topic, testRecords(600, 3));

    const started = Date.now();
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: aMirrorJob('orders', source, target, prefix) });
    const names = childNames({ metadata: { name: 'orders' } });
    const ready = await eventuallyCondition(custom, namespace, 'orders', 'WorkersReady', 'True', 120_000);
    const workersReadyMs = Date.now() - started;
    // What a user runs: kubectl wait returns once the operator says the copy is current.
    expect(await kubectl(['-n', namespace, 'wait', '--for=condition=CaughtUp', 'mj/orders', '--timeout=120s'])).toContain('condition met');
    const caughtUp = await eventuallyCondition(custom, namespace, 'orders', 'CaughtUp', 'True', 120_000);
    const caughtUpMs = Date.now() - started;
    console.log(`MirrorJob created -> WorkersReady in ${workersReadyMs} ms, -> CaughtUp in ${caughtUpMs} ms`);

    expect(ready.workers).toMatchObject({ desired: 2, ready: 2 });
    expect(caughtUp).toMatchObject({ phase: 'CaughtUp', progress: { topics: { matched: 1, created: 1 }, partitions: { total: 3, caughtUp: 3 }, recordsBehind: 0 } });
    for (const type of ['Ready', 'SourceConnected', 'TargetConnected']) expect(findCondition(caughtUp.conditions, type)?.status).toBe('True');
    expect(await compareTopics(source, topic, target)).toEqual({ sourceRecords: 600, targetRecords: 600, lost: 0, duplicated: 0, mismatchedPartitions: [] });
    // Worker 0's sync rounds become conditions; this target runs without an authorizer, so ACLs have nowhere to go.
    const synced = await eventuallyCondition(custom, namespace, 'orders', 'TopicsInSync', 'True', 60_000);
    expect(findCondition(synced.conditions, 'TopicsInSync')?.message).toBe('1 matched topics exist on the target');
    expect(findCondition(synced.conditions, 'ConfigsInSync')).toMatchObject({ status: 'True', reason: 'InSync' });
    expect(findCondition(synced.conditions, 'GroupOffsetsInSync')).toMatchObject({ status: 'True', reason: 'InSync' });
    expect(findCondition(synced.conditions, 'AclsInSync')).toMatchObject({ status: 'False', reason: 'Conflict' });
    expect(findCondition(synced.conditions, 'AclsInSync')?.message).toContain('the target has no authorizer (SECURITY_DISABLED)');

    const sts = await apps.readNamespacedStatefulSet({ namespace, name: names.statefulSet });
    expect(sts.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'MirrorJob', name: 'orders', controller: true });
    expect(sts.metadata?.managedFields?.some((f) => f.manager === 'kafka-mirror-operator' && f.operation === 'Apply')).toBe(true);
    const pods = (await core.listNamespacedPod({ namespace, labelSelector: ready.workers?.selector })).items;
    expect(pods.map((p) => p.metadata?.name).sort()).toEqual([`${names.statefulSet}-0`, `${names.statefulSet}-1`]);
    const pids = [...kubelet.processes()].filter(([pod]) => pod.startsWith(`${namespace}/`)).map(([, pid]) => pid);
    expect(pids).toHaveLength(2);

    // kubectl shows the printer columns from the status the operator wrote.
    const table = await kubectl(['-n', namespace, 'get', 'mj', 'orders']);
    expect(table).toMatch(/NAME\s+PHASE\s+TOPICS\s+LAG\s+WORKERS\s+AGE/);
    expect(table).toMatch(/orders\s+CaughtUp\s+1\s+0\s+2\s+\S+/);
    const events = await kubectl(['-n', namespace, 'get', 'events', '--field-selector', 'involvedObject.name=orders', '-o', 'jsonpath={.items[*].reason}']);
    expect(events.split(' ')).toEqual(expect.arrayContaining(['CaughtUp', 'WorkersReady']));
    const metrics = await (await fetch(`${operator.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/kafka_mirror_reconciles_total\{result="success"\} [1-9]/);
    expect(metrics).toMatch(/kafka_mirror_jobs\{phase="CaughtUp"\} 1/);

    // A spec change rolls the workers to a new, larger revision, and mirroring goes on exactly once.
    const revisionOf = async () => Number((await apps.readNamespacedStatefulSet({ namespace, name: names.statefulSet })).metadata?.annotations?.['kafkamirror.io/revision']);
    const before = await revisionOf();
    const rollStarted = Date.now();
    // Another topic filter too: the new topic is created on the target by worker 0's sync and mirrored.
    const added = `more-${prefix}-payments`;
    await createTopicWithTool(source, added, 2);
    await produceRecords(source, added, testRecords(200, 2));
    await custom.patchNamespacedCustomObject(
      { ...jobRef, namespace, name: 'orders', body: { spec: { replication: { workers: 1 }, topics: { include: [`${prefix}.*`, `more-${prefix}.*`] } } } },
      mergePatch,
    );
    await waitFor('one worker of a newer revision, ready', async () => {
      const now = (await core.listNamespacedPod({ namespace, labelSelector: ready.workers?.selector })).items;
      const env = now[0]?.spec?.containers[0]?.env?.find((e) => e.name === 'KMO_REVISION')?.value;
      return now.length === 1 && Number(env) > before && now[0]?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? true : undefined;
    }, { timeoutMs: 90_000 });
    expect(await revisionOf()).toBeGreaterThan(before);
    await produceRecords(source, topic, testRecords(300, 3).map((r) => ({ ...r, key: `after-${r.key}` })));
    await waitFor('CaughtUp after the roll', async () => ((await readStatus(custom, namespace, 'orders'))?.progress?.recordsBehind === 0 ? true : undefined), { timeoutMs: 60_000 });
    await eventuallyCondition(custom, namespace, 'orders', 'WorkersReady', 'True', 90_000);
    console.log(`spec change (2 -> 1 workers, one more topic filter) rolled and caught up again in ${Date.now() - rollStarted} ms`);
    expect(await compareTopics(source, added, target)).toEqual({ sourceRecords: 200, targetRecords: 200, lost: 0, duplicated: 0, mismatchedPartitions: [] });
    expect(await compareTopics(source, topic, target)).toEqual({ sourceRecords: 900, targetRecords: 900, lost: 0, duplicated: 0, mismatchedPartitions: [] });
    const pidsAfterRoll = [...kubelet.processes()].filter(([pod]) => pod.startsWith(`${namespace}/`)).map(([, pid]) => pid);
    expect(pids.filter(isAlive)).toEqual([]);

    // Paused: no workers, nothing copied while paused; unpaused: the copy resumes where it stood, exactly once.
    await custom.patchNamespacedCustomObject({ ...jobRef, namespace, name: 'orders', body: { spec: { paused: true } } }, mergePatch);
    await waitFor('the workers to stop on pause', async () => ((await core.listNamespacedPod({ namespace, labelSelector: ready.workers?.selector })).items.length === 0 ? true : undefined), { timeoutMs: 60_000 });
    expect(pidsAfterRoll.filter(isAlive)).toEqual([]);
    const paused = await eventuallyCondition(custom, namespace, 'orders', 'WorkersReady', 'True', 90_000);
    expect(paused).toMatchObject({ phase: 'Paused', workers: { desired: 0 } });
    expect(findCondition(paused.conditions, 'WorkersReady')?.reason).toBe('Paused');
    await produceRecords(source, topic, testRecords(150, 3).map((r) => ({ ...r, key: `paused-${r.key}` })));
    await waitFor('the lag to show the records produced while paused', async () => ((await readStatus(custom, namespace, 'orders'))?.progress?.recordsBehind === 150 ? true : undefined), { timeoutMs: 60_000 });
    expect((await compareTopics(source, topic, target)).targetRecords).toBe(900);
    await custom.patchNamespacedCustomObject({ ...jobRef, namespace, name: 'orders', body: { spec: { paused: false } } }, mergePatch);
    await waitFor('CaughtUp after unpausing', async () => {
      const status = await readStatus(custom, namespace, 'orders');
      return status?.phase === 'CaughtUp' && status.progress?.recordsBehind === 0 ? true : undefined;
    }, { timeoutMs: 90_000 });
    expect(await compareTopics(source, topic, target)).toEqual({ sourceRecords: 1050, targetRecords: 1050, lost: 0, duplicated: 0, mismatchedPartitions: [] });
    const pidsAfterPause = [...kubelet.processes()].filter(([pod]) => pod.startsWith(`${namespace}/`)).map(([, pid]) => pid);

    // An invalid spec: a condition naming the field, and no workers.
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: aMirrorJob('broken', source, target, prefix, { topics: { include: ['orders[('] } }) });
    const invalid = await eventuallyCondition(custom, namespace, 'broken', 'Ready', 'False', 90_000);
    expect(invalid.phase).toBe('Failed');
    expect(findCondition(invalid.conditions, 'Ready')).toMatchObject({ reason: 'InvalidSpec', message: expect.stringContaining('spec.topics.include[0]') });
    await expect(apps.readNamespacedStatefulSet({ namespace, name: childNames({ metadata: { name: 'broken' } }).statefulSet })).rejects.toMatchObject({ code: 404 });

    // Deleting the job: the garbage collector removes every child, the kubelet stops the workers.
    await custom.deleteNamespacedCustomObject({ ...jobRef, namespace, name: 'orders' });
    await waitFor('the children of orders to be garbage collected', async () => {
      const left = await Promise.all([
        apps.listNamespacedStatefulSet({ namespace }).then((l) => l.items.length),
        core.listNamespacedConfigMap({ namespace, labelSelector: 'app.kubernetes.io/managed-by=kafka-mirror-operator' }).then((l) => l.items.length),
        core.listNamespacedService({ namespace }).then((l) => l.items.length),
        admin.makeApiClient(PolicyV1Api).listNamespacedPodDisruptionBudget({ namespace }).then((l) => l.items.length),
        core.listNamespacedPod({ namespace }).then((l) => l.items.length),
      ]);
      return left.every((n) => n === 0) ? true : undefined;
    }, { timeoutMs: 90_000 });
    expect(pidsAfterPause.filter(isAlive)).toEqual([]);
  }, 400_000);

  it('reports bad credentials and an unreachable cluster as conditions, without the secret in status', async () => {
    const { namespace, kubeconfig } = await operatorNamespace('operator-unreachable');
    ground.operators.push(await startOperatorProcess(`operator-${namespace}`, kubeconfig, namespace));
    const custom = admin.makeApiClient(CustomObjectsApi);
    const wrongPassword = `wrong-${Math.random().toString(36).slice(2)}`;
    await admin.makeApiClient(CoreV1Api).createNamespacedSecret({ namespace, body: { metadata: { name: 'wrong-credentials' }, stringData: { username: 'admin', password: wrongPassword } } });
    const prefix = uniqueTopic('e2e-unreachable');
    const badLogin = aMirrorJob('bad-login', source, target, prefix, { paused: true });
    badLogin.spec.source.sasl.credentialsSecretRef.name = 'wrong-credentials';
    const deadTarget = aMirrorJob('dead-target', source, target, prefix, { paused: true, target: { bootstrapServers: ['127.0.0.1:1'] } });
    const started = Date.now();
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: badLogin });
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: deadTarget });
    const auth = await eventuallyCondition(custom, namespace, 'bad-login', 'SourceConnected', 'False', 90_000);
    const dead = await eventuallyCondition(custom, namespace, 'dead-target', 'TargetConnected', 'False', 90_000);
    console.log(`bad credentials and a dead address reported ${Date.now() - started} ms after the jobs were created`);
    expect(findCondition(auth.conditions, 'SourceConnected')?.reason).toBe('AuthenticationFailed');
    expect(findCondition(auth.conditions, 'TargetConnected')?.status).toBe('True');
    expect(findCondition(dead.conditions, 'TargetConnected')?.reason).toBe('ConnectionFailed');
    expect(JSON.stringify([auth, dead])).not.toContain(wrongPassword);
    expect(JSON.stringify([auth, dead])).not.toContain(source.sasl?.admin.password);
  }, 240_000);

  it('hands over to the standby within 15 s when the leader is killed', async () => {
    const { namespace, kubeconfig } = await operatorNamespace('operator-leader');
    const { running } = await startOperatorPair(admin, kubeconfig, namespace);
    ground.operators.push(...running);
    const [first, second] = running as [OperatorProcess, OperatorProcess];
    const holder = () => leaseHolder(admin, namespace);
    const firstHolder = await holder();
    const custom = admin.makeApiClient(CustomObjectsApi);

    // Only the leader reconciles: the job gets its status from a.
    const prefix = uniqueTopic('e2e-leader');
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: aMirrorJob('led', source, target, prefix, { paused: true }) });
    await eventuallyCondition(custom, namespace, 'led', 'Ready', 'True', 60_000);
    expect(await holder()).toBe(firstHolder);

    process.kill(first.pid, 'SIGKILL');
    const killed = Date.now();
    await waitFor('operator b to take the lease', async () => ((await holder()).startsWith(`${second.name}_`) ? true : undefined), { timeoutMs: 60_000, intervalMs: 200 });
    const handoverMs = Date.now() - killed;
    // And b reconciles: unpausing is seen and acted on.
    await custom.patchNamespacedCustomObject({ ...jobRef, namespace, name: 'led', body: { spec: { paused: false } } }, mergePatch);
    await waitFor('b to scale the workers up', async () => {
      const sts = await admin.makeApiClient(AppsV1Api).readNamespacedStatefulSet({ namespace, name: childNames({ metadata: { name: 'led' } }).statefulSet });
      return sts.spec?.replicas === 2 ? true : undefined;
    }, { timeoutMs: 60_000 });
    const reconciledMs = Date.now() - killed;
    console.log(`leader killed -> lease taken over in ${handoverMs} ms, new leader reconciled a spec change ${reconciledMs} ms after the kill`);
    expect(handoverMs).toBeLessThan(15_000);
    await waitFor('status to show 2 desired workers', async () => ((await readStatus(custom, namespace, 'led'))?.workers?.desired === 2 ? true : undefined));
  }, 200_000);
});
