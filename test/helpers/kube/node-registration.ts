import { PatchStrategy, setHeaderOptions, type CoreV1Api } from '@kubernetes/client-node';
import { now } from './pod-status.ts';

/** What the Node offers the scheduler: generous, since processes share one machine and tests set no requests. */
const capacity = { cpu: '16', memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' };

/**
 * Registers a Node the scheduler will bind Pods to: Ready, schedulable and labelled with its hostname
 * (which freshNamespace's node selector matches). The TaintNodesByCondition admission plugin gives a
 * new Node the not-ready taint; without a node lifecycle controller nobody would lift it, so we do.
 */
export async function registerNode(core: CoreV1Api, name: string, address: string): Promise<void> {
  const labels = { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kmo.test/process-kubelet': 'true' };
  await core.createNode({ body: { metadata: { name, labels }, spec: {} } });
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const at = now();
  const condition = (type: string, status: string, reason: string) => ({ type, status, reason, message: reason, lastHeartbeatTime: at, lastTransitionTime: at });
  await core.patchNodeStatus(
    {
      name,
      body: {
        status: {
          capacity,
          allocatable: capacity,
          addresses: [
            { type: 'InternalIP', address },
            { type: 'Hostname', address: name },
          ],
          conditions: [
            condition('Ready', 'True', 'KubeletReady'),
            condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory'),
            condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure'),
            condition('PIDPressure', 'False', 'KubeletHasSufficientPID'),
          ],
          nodeInfo: {
            machineID: name,
            systemUUID: name,
            bootID: name,
            kernelVersion: '',
            osImage: 'process kubelet (kafka-mirror-operator tests)',
            containerRuntimeVersion: 'process://1',
            kubeletVersion: 'process-kubelet',
            kubeProxyVersion: '',
            operatingSystem: 'linux',
            architecture: 'amd64',
          },
        },
      },
    },
    merge,
  );
  await core.patchNode({ name, body: { spec: { taints: null } } }, merge);
}

/** Removes the Node, so the scheduler stops choosing it once its kubelet is gone. */
export async function deregisterNode(core: CoreV1Api, name: string): Promise<void> {
  try {
    await core.deleteNode({ name });
  } catch (err) {
    if ((err as { code?: number }).code !== 404) throw err;
  }
}
