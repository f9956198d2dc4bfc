/**
 * helm install / upgrade / uninstall of the chart on a real control plane: the operator's Deployment
 * Pod runs through the process kubelet (image kafka-mirror-operator -> node main.ts) and reconciles
 * a MirrorJob whose workers mirror real Kafka. A control plane of this file's own: the chart installs
 * and deletes the cluster-scoped MirrorJob CRD, which other test files use on the shared one.
 */
import { join } from 'node:path';
import { ApiextensionsV1Api, AppsV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import { chartDir } from '../../../scripts/dashboards/chart-paths.ts';
import { sourceKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { createTopicWithTool } from '../../helpers/kafka/kafka-tools.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { startControlPlane, type ControlPlane } from '../../helpers/kube/control-plane.ts';
import { mapImages, nodeScriptImage, type ImageMapper } from '../../helpers/kube/image-mapping.ts';
import { loadKubeConfig, writeKubeconfig } from '../../helpers/kube/kubeconfig.ts';
import { uniqueName } from '../../helpers/kube/namespaces.ts';
import { startProcessKubelet, type ProcessKubelet } from '../../helpers/kube/process-kubelet.ts';
import { kubectl, kubectlWithWarnings } from '../../helpers/kube/clients.ts';
import { EXPECTED_PERMISSIONS_FILE, PermissionSection, permissionsIn, readExpectation } from '../../helpers/kube/permissions.ts';
import { stopProcess, waitFor } from '../../helpers/processes.ts';
import { projectRoot, runSubdir } from '../../helpers/run-dir.ts';
import { aMirrorJob, eventuallyCondition, jobRef, readStatus } from '../../e2e/operator-harness.ts';
import { helm, sets } from '../../unit/chart/helm.ts';

const crdName = 'mirrorjobs.kafkamirror.io';
/** The labels of a namespace that enforces, warns about and audits the restricted Pod Security Standard. */
const restrictedLabels = Object.fromEntries(['enforce', 'warn', 'audit'].flatMap((mode) => [[`pod-security.kubernetes.io/${mode}`, 'restricted'], [`pod-security.kubernetes.io/${mode}-version`, 'latest']]));
const isAvailable = (d: V1Deployment): boolean => d.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True') === true && d.status?.updatedReplicas === d.spec?.replicas && d.status?.readyReplicas === d.spec?.replicas && (d.status?.replicas ?? 0) === d.spec?.replicas;

describe('the chart, installed with helm on a real control plane', () => {
  let cp: ControlPlane;
  let admin: KubeConfig;
  let kubelet: ProcessKubelet;
  let source: KafkaCluster;
  let target: KafkaCluster;
  /**
   * What a Pod's projected ServiceAccount token is in a real cluster: the process kubelet mounts no
   * token, so the operator's container gets a kubeconfig for the chart's ServiceAccount (TokenRequest)
   * through the image mapping. Until it exists the container fails to start and is retried.
   */
  let operatorKubeconfig: string | undefined;

  beforeAll(async () => {
    [source, target, cp] = await Promise.all([sourceKafka(), targetKafka(), startControlPlane(runSubdir('chart-control-plane'), 'chart-kube')]);
    admin = loadKubeConfig(cp.kubeconfig);
    const image = (container: Parameters<ImageMapper>[0]) => {
      if (!operatorKubeconfig) throw new Error('no ServiceAccount token yet');
      return nodeScriptImage(join(projectRoot, 'main.ts'), { KUBECONFIG: operatorKubeconfig })(container);
    };
    kubelet = await startProcessKubelet({ kubeconfig: cp.kubeconfig, mapImage: mapImages({ 'kafka-mirror-operator': image }), resyncMs: 2_000 });
  }, 180_000);

  afterAll(async () => {
    await kubelet?.stop();
    await Promise.all(Object.values(cp?.pids ?? {}).map((pid) => stopProcess({ pid }, 3_000)));
  });

  const kubeHelm = (args: string[]) => helm([...args, '--kubeconfig', cp.kubeconfig]);

  /** A kubeconfig speaking as the chart's ServiceAccount, from the TokenRequest API. */
  async function serviceAccountKubeconfig(namespace: string, name: string): Promise<string> {
    const request = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({ name, namespace, body: { spec: { audiences: ['https://kubernetes.default.svc'], expirationSeconds: 3600 } } });
    return writeKubeconfig(join(runSubdir('kubeconfigs'), `${namespace}.${name}.kubeconfig`), { server: cp.server, user: `system:serviceaccount:${namespace}:${name}`, token: request.status?.token ?? '' });
  }

  it('installs, reconciles a MirrorJob, upgrades, and uninstalls keeping or removing the CRD per crds.keep', async () => {
    const core = admin.makeApiClient(CoreV1Api);
    const apps = admin.makeApiClient(AppsV1Api);
    const custom = admin.makeApiClient(CustomObjectsApi);
    const ext = admin.makeApiClient(ApiextensionsV1Api);
    const namespace = uniqueName('chart');
    const release = uniqueName('kmo').slice(0, 30);
    const fullname = `${release}-kafka-mirror-operator`;
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await core.createNamespacedSecret({ namespace, body: { metadata: { name: 'source-credentials' }, stringData: source.sasl?.admin ?? {} } });

    // Install: the operator watches this namespace only (parallel-safe), and resyncs often (a fast test).
    const installed = Date.now();
    await kubeHelm(['install', release, chartDir, '--namespace', namespace, ...sets({ watchNamespace: namespace, resyncSeconds: 3 })]);
    operatorKubeconfig = await serviceAccountKubeconfig(namespace, fullname);
    const deployment = await waitFor('the operator Deployment to be available', async () => {
      const d = await apps.readNamespacedDeployment({ namespace, name: fullname });
      return isAvailable(d) ? d : undefined;
    }, { timeoutMs: 90_000 });
    console.log(`helm install -> operator Deployment available in ${Date.now() - installed} ms`);
    const operatorPods = (await core.listNamespacedPod({ namespace, labelSelector: 'app.kubernetes.io/component=operator' })).items;
    expect(operatorPods).toHaveLength(1);
    expect([...kubelet.processes().keys()]).toContain(`${namespace}/${operatorPods[0]?.metadata?.name}`);
    expect((await ext.readCustomResourceDefinition({ name: crdName })).metadata?.annotations?.['helm.sh/resource-policy']).toBe('keep');

    // A MirrorJob applied afterwards is reconciled by the Pod, and its workers (same image) mirror.
    const prefix = uniqueTopic('chart');
    await Promise.all([createTopicWithTool(source, `${prefix}-orders`, 2), createTopicWithTool(target, `${prefix}-orders`, 2)]);
    await produceRecords(source, `${prefix}-orders`, Array.from({ length: 100 }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: `v${i}`, timestamp: Date.now() })));
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: aMirrorJob('orders', source, target, prefix, { replication: { workers: 1 } }) });
    const reconciled = await waitFor('the MirrorJob status to be written', async () => {
      const status = await readStatus(custom, namespace, 'orders');
      return status?.observedGeneration === 1 && (status.conditions?.length ?? 0) > 0 ? status : undefined;
    }, { timeoutMs: 60_000 });
    expect(reconciled.conditions?.map((c) => c.type)).toEqual(expect.arrayContaining(['Ready']));
    const sts = await apps.readNamespacedStatefulSet({ namespace, name: 'orders-worker' });
    expect(sts.spec?.template.spec?.containers[0]?.image).toBe(deployment.spec?.template.spec?.containers[0]?.image);
    const caughtUp = await eventuallyCondition(custom, namespace, 'orders', 'CaughtUp', 'True', 150_000);
    expect(caughtUp.progress?.recordsBehind).toBe(0);

    // Upgrade with a changed value: the Deployment's Pod template changes and a new Pod takes over.
    const before = operatorPods[0]?.metadata?.name;
    await kubeHelm(['upgrade', release, chartDir, '--namespace', namespace, '--reuse-values', ...sets({ resyncSeconds: 5, logLevel: 'debug' })]);
    const upgraded = await waitFor('the upgraded Deployment to be rolled out', async () => {
      const d = await apps.readNamespacedDeployment({ namespace, name: fullname });
      return (d.metadata?.generation ?? 0) > (deployment.metadata?.generation ?? 0) && d.status?.observedGeneration === d.metadata?.generation && isAvailable(d) ? d : undefined;
    }, { timeoutMs: 120_000 });
    expect(upgraded.spec?.template.spec?.containers[0]?.env?.find((e) => e.name === 'KMO_RESYNC_SECONDS')?.value).toBe('5');
    await waitFor('the old operator Pod to be gone', async () => {
      const pods = (await core.listNamespacedPod({ namespace, labelSelector: 'app.kubernetes.io/component=operator' })).items;
      return pods.length === 1 && pods[0]?.metadata?.name !== before ? true : undefined;
    }, { timeoutMs: 60_000 });

    // Uninstall with crds.keep (the default): the operator goes, the CRD and the MirrorJob stay.
    await kubeHelm(['uninstall', release, '--namespace', namespace, '--wait']);
    await waitFor('the operator Deployment to be deleted', async () => ((await apps.listNamespacedDeployment({ namespace })).items.length === 0 ? true : undefined));
    expect((await ext.readCustomResourceDefinition({ name: crdName })).metadata?.name).toBe(crdName);
    expect(await readStatus(custom, namespace, 'orders')).toBeDefined();

    // Installed again with crds.keep=false (it adopts the kept CRD) and uninstalled: the CRD goes, and its MirrorJobs with it.
    operatorKubeconfig = undefined;
    await kubeHelm(['install', release, chartDir, '--namespace', namespace, ...sets({ watchNamespace: namespace, 'crds.keep': false })]);
    // Helm judges by the release's manifest (the live CRD still carries the old "keep"): no keep there.
    expect(await kubeHelm(['get', 'manifest', release, '--namespace', namespace])).not.toContain('helm.sh/resource-policy');
    await kubeHelm(['uninstall', release, '--namespace', namespace, '--wait']);
    await waitFor('the CRD to be deleted', async () => ext.readCustomResourceDefinition({ name: crdName }).then(() => undefined, (err: { code?: number }) => (err.code === 404 ? true : undefined)), { timeoutMs: 60_000 });
    await waitFor('its MirrorJobs to be gone', async () => custom.getNamespacedCustomObject({ ...jobRef, namespace, name: 'orders' }).then(() => undefined, (err: { code?: number }) => (err.code === 404 ? true : undefined)), { timeoutMs: 60_000 });
  }, 600_000);

  it('runs under the restricted Pod Security Standard: the operator Pod and the workers are admitted, a privileged Pod is refused', async () => {
    // PodSecurity is a default admission plugin (Kubernetes 1.25+): on unless the API server turns it off.
    expect(cp.apiServerArgs.filter((a) => /^--(disable-admission-plugins|admission-control)=/.test(a)).join(' ')).not.toMatch(/PodSecurity/);
    const core = admin.makeApiClient(CoreV1Api);
    const apps = admin.makeApiClient(AppsV1Api);
    const custom = admin.makeApiClient(CustomObjectsApi);
    const namespace = uniqueName('restricted');
    const release = uniqueName('kmo-psa').slice(0, 30);
    const fullname = `${release}-kafka-mirror-operator`;
    const asAdmin = { kubeconfig: cp.kubeconfig };
    await core.createNamespace({ body: { metadata: { name: namespace, labels: restrictedLabels } } });

    // Negative controls: the namespace refuses a privileged Pod and one that may run as root, and warns
    // about a Deployment whose Pods would be refused (the warning the chart must not cause).
    const container = { name: 'c', image: 'busybox', command: ['sleep', '3600'], securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } };
    const seccomp = { seccompProfile: { type: 'RuntimeDefault' } };
    const privileged = { ...container, securityContext: { privileged: true, capabilities: { drop: ['ALL'] } } };
    await expect(core.createNamespacedPod({ namespace, body: { metadata: { name: 'privileged' }, spec: { securityContext: { runAsNonRoot: true, ...seccomp }, containers: [privileged] } } })).rejects.toThrow(/violates PodSecurity \W*restricted:latest\W*: privileged/);
    await expect(core.createNamespacedPod({ namespace, body: { metadata: { name: 'maybe-root' }, spec: { securityContext: seccomp, containers: [container] } } })).rejects.toThrow(/violates PodSecurity \W*restricted:latest\W*: runAsNonRoot != true/);
    const badDeployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'privileged', namespace }, spec: { selector: { matchLabels: { app: 'privileged' } }, template: { metadata: { labels: { app: 'privileged' } }, spec: { containers: [privileged] } } } };
    const warned = await kubectlWithWarnings(['create', '-f', '-'], { ...asAdmin, stdin: JSON.stringify(badDeployment) });
    expect(warned.stderr).toMatch(/Warning: would violate PodSecurity "restricted:latest"/);

    // The chart as it would be applied: the API server has no PodSecurity warning for it.
    const rendered = await kubeHelm(['template', release, chartDir, '--namespace', namespace, ...sets({ watchNamespace: namespace, resyncSeconds: 3 })]);
    const dryRun = await kubectlWithWarnings(['apply', '--dry-run=server', '-f', '-'], { ...asAdmin, stdin: rendered });
    expect(dryRun.stdout).toContain(`deployment.apps/${fullname} created (server dry run)`);
    expect(dryRun.stderr).not.toMatch(/PodSecurity/);

    await core.createNamespacedSecret({ namespace, body: { metadata: { name: 'source-credentials' }, stringData: source.sasl?.admin ?? {} } });
    await kubeHelm(['install', release, chartDir, '--namespace', namespace, ...sets({ watchNamespace: namespace, resyncSeconds: 3 })]);
    operatorKubeconfig = await serviceAccountKubeconfig(namespace, fullname);
    await waitFor('the operator Deployment to be available', async () => (isAvailable(await apps.readNamespacedDeployment({ namespace, name: fullname })) ? true : undefined), { timeoutMs: 90_000 });
    expect((await core.listNamespacedPod({ namespace, labelSelector: 'app.kubernetes.io/component=operator' })).items).toHaveLength(1);

    // A MirrorJob's workers: the operator's StatefulSet Pods are admitted too, and run.
    const prefix = uniqueTopic('chart-psa');
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: aMirrorJob('restricted', source, target, prefix) });
    await eventuallyCondition(custom, namespace, 'restricted', 'WorkersReady', 'True', 120_000);
    const workers = (await core.listNamespacedPod({ namespace, labelSelector: 'app.kubernetes.io/component=worker' })).items;
    expect(workers.map((p) => p.status?.phase)).toEqual(['Running', 'Running']);
    for (const pod of workers) expect(pod.spec?.automountServiceAccountToken).toBe(false);

    // Refusals and warnings surface as events (FailedCreate from the ReplicaSet and StatefulSet
    // controllers); only the privileged control has any.
    const events = JSON.parse(await kubectl(['-n', namespace, 'get', 'events', '-o', 'json'], asAdmin)) as { items: Array<{ involvedObject: { kind: string; name: string }; message?: string }> };
    const refusals = events.items.filter((e) => /PodSecurity/.test(e.message ?? '')).map((e) => `${e.involvedObject.kind}/${e.involvedObject.name}`);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.filter((name) => !name.startsWith('ReplicaSet/privileged-'))).toEqual([]);

    // What the chart's ServiceAccount and the workers' may do: exactly operator/rbac/expected-permissions.txt.
    const expected = readExpectation(EXPECTED_PERMISSIONS_FILE);
    // The workers name no ServiceAccount: the namespace's default (which the ServiceAccount admission
    // plugin would write into the Pod; it is off on this harness, which mounts no tokens).
    expect(workers.map((p) => p.spec?.serviceAccountName ?? 'default')).toEqual(['default', 'default']);
    const workerAccount = 'default';
    expect(await permissionsIn(namespace, operatorKubeconfig)).toEqual(expected[PermissionSection.operatorManaged]);
    expect(await permissionsIn(namespace, await serviceAccountKubeconfig(namespace, workerAccount))).toEqual(expected[PermissionSection.worker]);

    await kubeHelm(['uninstall', release, '--namespace', namespace, '--wait']);
  }, 400_000);
});
