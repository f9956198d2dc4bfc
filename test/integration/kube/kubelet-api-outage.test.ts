import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { isAlive, stopProcess, waitFor } from '../../helpers/processes.ts';
import { runSubdir } from '../../helpers/run-dir.ts';
import { restartApiServer, startControlPlane, type ControlPlane } from '../../helpers/kube/control-plane.ts';
import { loadKubeConfig } from '../../helpers/kube/kubeconfig.ts';
import { startProcessKubelet, type ProcessKubelet } from '../../helpers/kube/process-kubelet.ts';

const sleeper = (name: string): V1Pod => ({
  metadata: { name },
  spec: { terminationGracePeriodSeconds: 2, containers: [{ name: 'sleep', image: 'busybox', command: ['sleep', '600'] }] },
});

const pidOf = (pod: V1Pod): number => Number(pod.status?.containerStatuses?.[0]?.containerID?.replace('process://', ''));

// A control plane of its own: restarting the shared one's API server would break the other files' tests.
describe('the process kubelet through an API server outage', () => {
  let cp: ControlPlane;
  let kubelet: ProcessKubelet | undefined;

  beforeAll(async () => {
    cp = await startControlPlane(runSubdir('kube-outage'));
  });

  afterAll(async () => {
    await kubelet?.stop();
    await Promise.all(Object.values(cp?.pids ?? {}).map((pid) => stopProcess({ pid })));
  });

  it('keeps its Pods running, re-lists and re-watches, and then runs and deletes Pods as before', async () => {
    // Resync far away: Pods created after the outage can only be seen through the re-established watch.
    kubelet = await startProcessKubelet({ kubeconfig: cp.kubeconfig, resyncMs: 600_000 });
    const core = loadKubeConfig(cp.kubeconfig).makeApiClient(CoreV1Api);
    const namespace = 'default';
    const running = (name: string) => async () => {
      const pod = await core.readNamespacedPod({ namespace, name });
      return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? pod : undefined;
    };
    await core.createNamespacedPod({ namespace, body: sleeper('before') });
    const before = pidOf(await waitFor('pod "before" Ready', running('before')));

    cp = await restartApiServer(cp, 2_000);

    await waitFor('pod "after" to be created', () => core.createNamespacedPod({ namespace, body: sleeper('after') }));
    const after = pidOf(await waitFor('pod "after" Ready', running('after'), { timeoutMs: 60_000 }));
    expect(isAlive(before)).toBe(true);
    expect(isAlive(after)).toBe(true);

    await core.deleteNamespacedPod({ namespace, name: 'before' });
    await waitFor('pod "before" to be gone', async () => ((await core.listNamespacedPod({ namespace })).items.some((p) => p.metadata?.name === 'before') ? undefined : true), {
      timeoutMs: 60_000,
    });
    expect(isAlive(before)).toBe(false);
    expect(isAlive(after)).toBe(true);
  });
});
