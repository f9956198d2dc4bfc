/**
 * helm install / upgrade / uninstall of the chart on a real control plane: the operator's Deployment
 * Pod runs through the process kubelet (image kafka-mirror-operator -> node src/main.ts) and reconciles
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
import { stopProcess, waitFor } from '../../helpers/processes.ts';
import { projectRoot, runSubdir } from '../../helpers/run-dir.ts';
import { eventuallyCondition, jobRef, readStatus } from '../../e2e/operator-harness.ts';
import { helm, sets } from '../../unit/chart/helm.ts';

const crdName = 'mirrorjobs.kafkamirror.io';
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
      return nodeScriptImage(join(projectRoot, 'src', 'main.ts'), { KUBECONFIG: operatorKubeconfig })(container);
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
    await custom.createNamespacedCustomObject({
      ...jobRef,
      namespace,
      body: {
        apiVersion: 'kafkamirror.io/v1alpha1',
        kind: 'MirrorJob',
        metadata: { name: 'orders' },
        spec: {
          source: { bootstrapServers: [source.bootstrap], sasl: { mechanism: 'PLAIN', credentialsSecretRef: { name: 'source-credentials' } } },
          target: { bootstrapServers: [target.bootstrap] },
          topics: { include: [`${prefix}.*`] },
          replication: { workers: 1 },
        },
      },
    });
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
    await waitFor('its MirrorJobs to be gone', async () => custom.getNamespacedCustomObject({ ...jobRef, namespace, name: 'orders' }).then(() => undefined, (err: { code?: number }) => (err.code === 404 ? true : undefined)), { timeoutMs: 30_000 });
  }, 600_000);
});
