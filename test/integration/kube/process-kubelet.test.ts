import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Pod, type V1PodSpec } from '@kubernetes/client-node';
import { isAlive, waitFor } from '../../helpers/processes.ts';
import { projectRoot, runSubdir } from '../../helpers/run-dir.ts';
import { adminKubeConfig } from '../../helpers/kube/clients.ts';
import { controlPlane } from '../../helpers/kube/control-plane.ts';
import { mapImages, nodeScriptImage } from '../../helpers/kube/image-mapping.ts';
import { freshNamespace } from '../../helpers/kube/namespaces.ts';
import { startProcessKubelet, type ProcessKubelet } from '../../helpers/kube/process-kubelet.ts';

const echoImage = 'kmo-test/echo-env-server:1';
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** What test/fixtures/echo-env-server.ts writes when it starts. */
interface EchoReport {
  pid: number;
  argv: string[];
  env: Record<string, string>;
  config?: string;
}

const readReport = (file: string): EchoReport | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as EchoReport) : undefined);
const pidOf = (pod: V1Pod): number => Number(pod.status?.containerStatuses?.[0]?.containerID?.replace('process://', ''));
const isReady = (pod: V1Pod): boolean => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** A Pod template for the echo server: env from every kind of source, a ConfigMap volume, a readiness probe. */
function echoPodSpec(outDir: string): V1PodSpec {
  return {
    terminationGracePeriodSeconds: 5,
    containers: [
      {
        name: 'echo',
        image: echoImage,
        args: ['--port', '8080', '--out', `${outDir}/$(POD_NAME).json`, '--config', '/etc/echo/greeting'],
        ports: [{ name: 'http', containerPort: 8080 }],
        env: [
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'echo-secret', key: 'password' } } },
          { name: 'PLAIN', value: 'plain-$(POD_NAME)' },
        ],
        envFrom: [{ prefix: 'CM_', configMapRef: { name: 'echo-config' } }],
        volumeMounts: [{ name: 'config', mountPath: '/etc/echo' }],
        readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 1 },
      },
    ],
    volumes: [{ name: 'config', configMap: { name: 'echo-config' } }],
  };
}

describe('the process kubelet', () => {
  let kubelet: ProcessKubelet;
  let core: CoreV1Api;
  let apps: AppsV1Api;

  beforeAll(async () => {
    const cp = await controlPlane();
    const kc = await adminKubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    const echo = nodeScriptImage(join(projectRoot, 'test', 'fixtures', 'echo-env-server.ts'));
    kubelet = await startProcessKubelet({ kubeconfig: cp.kubeconfig, mapImage: mapImages({ 'kmo-test/echo-env-server': echo }) });
  });

  afterAll(async () => {
    await kubelet?.stop();
  });

  /** A namespace whose Pods land on this file's kubelet, with the Secret and ConfigMap the echo Pods use. */
  async function echoNamespace(prefix: string): Promise<{ namespace: string; password: string; outDir: string }> {
    const namespace = await freshNamespace(prefix, { node: kubelet.nodeName });
    const password = `s3cret-${Math.random().toString(36).slice(2)}`;
    await core.createNamespacedSecret({ namespace, body: { metadata: { name: 'echo-secret' }, stringData: { password } } });
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'echo-config' }, data: { greeting: `hello from ${namespace}` } } });
    return { namespace, password, outDir: runSubdir('echo', namespace) };
  }

  it('runs a StatefulSet to 2/2 Ready, scales it to 1, and stops every process when the garbage collector deletes its Pods', async () => {
    const { namespace, password, outDir } = await echoNamespace('sts');
    await apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: 'echo' },
        spec: {
          replicas: 2,
          serviceName: 'echo',
          selector: { matchLabels: { app: 'echo' } },
          template: { metadata: { labels: { app: 'echo' } }, spec: echoPodSpec(outDir) },
        },
      },
    });
    await waitFor('StatefulSet echo 2/2 Ready', async () => ((await apps.readNamespacedStatefulSet({ namespace, name: 'echo' })).status?.readyReplicas === 2 ? true : undefined), {
      timeoutMs: 90_000,
    });

    const pods = (await core.listNamespacedPod({ namespace, labelSelector: 'app=echo' })).items;
    expect(pods.map((p) => p.metadata?.name).sort()).toEqual(['echo-0', 'echo-1']);
    for (const pod of pods) {
      const name = pod.metadata?.name ?? '';
      expect(isReady(pod)).toBe(true);
      expect(pod.spec?.nodeName).toBe(kubelet.nodeName);
      // Put there by the PodNodeSelector admission plugin from the namespace's annotation.
      expect(pod.spec?.nodeSelector).toEqual({ 'kubernetes.io/hostname': kubelet.nodeName });
      expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'echo' });
      const report = await waitFor(`report of ${name}`, async () => readReport(join(outDir, `${name}.json`)));
      expect(report.pid).toBe(pidOf(pod));
      expect(isAlive(report.pid)).toBe(true);
      expect(report.env).toMatchObject({ POD_NAME: name, POD_NAMESPACE: namespace, POD_IP: pod.status?.podIP, PASSWORD: password, PLAIN: `plain-${name}`, CM_greeting: `hello from ${namespace}` });
      // The mount path /etc/echo was rewritten to the Pod's local copy of the ConfigMap volume.
      expect(report.config).toBe(`hello from ${namespace}`);
      expect((await fetch(`http://${pod.status?.podIP}:8080/ready`)).status).toBe(200);
    }
    expect(new Set(pods.map((p) => p.status?.podIP)).size).toBe(2);
    const [pid0, pid1] = pods.map(pidOf) as [number, number];

    await apps.patchNamespacedStatefulSet({ namespace, name: 'echo', body: { spec: { replicas: 1 } } }, merge);
    await waitFor('echo-1 to be deleted', async () => {
      const names = (await core.listNamespacedPod({ namespace, labelSelector: 'app=echo' })).items.map((p) => p.metadata?.name);
      return names.length === 1 && names[0] === 'echo-0' ? true : undefined;
    });
    expect(isAlive(pid1)).toBe(false);
    expect(isAlive(pid0)).toBe(true);

    // Background propagation: the StatefulSet goes at once, the garbage collector deletes its Pods after.
    await apps.deleteNamespacedStatefulSet({ namespace, name: 'echo', propagationPolicy: 'Background' });
    await waitFor('the garbage collector to delete echo-0', async () => ((await core.listNamespacedPod({ namespace })).items.length === 0 ? true : undefined));
    expect(isAlive(pid0)).toBe(false);
    expect(kubelet.processes().size).toBe(0);
  });

  it('restarts a process that dies, counting the restart, and stops it within the grace period when its Pod is deleted', async () => {
    const { namespace, outDir } = await echoNamespace('restart');
    await core.createNamespacedPod({ namespace, body: { metadata: { name: 'solo' }, spec: echoPodSpec(outDir) } });
    const ready = (restarts: number) => async () => {
      const pod = await core.readNamespacedPod({ namespace, name: 'solo' });
      return isReady(pod) && pod.status?.containerStatuses?.[0]?.restartCount === restarts ? pod : undefined;
    };
    const first = await waitFor('solo Ready', ready(0));
    const firstPid = pidOf(first);
    process.kill(firstPid, 'SIGKILL');

    const second = await waitFor('solo Ready again after a restart', ready(1));
    expect(pidOf(second)).not.toBe(firstPid);
    expect(isAlive(pidOf(second))).toBe(true);
    expect(second.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });

    await core.deleteNamespacedPod({ namespace, name: 'solo' });
    await waitFor('solo to be gone', async () => ((await core.listNamespacedPod({ namespace })).items.length === 0 ? true : undefined), { timeoutMs: 60_000 });
    expect(isAlive(pidOf(second))).toBe(false);
  });
});
