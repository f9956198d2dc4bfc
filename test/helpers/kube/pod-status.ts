import type { V1Pod } from '@kubernetes/client-node';

/** The state of the one container the process kubelet runs, as containerStatuses[].state has it. */
export type ContainerState =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running'; startedAt: string }
  | { kind: 'terminated'; exitCode: number; signal?: number; reason: string; startedAt?: string; finishedAt: string };

/** What the kubelet knows of a Pod; podStatus() turns it into the Pod's status. */
export interface PodSnapshot {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  podIP: string;
  hostIP: string;
  startTime: string;
  container: {
    name: string;
    image: string;
    state: ContainerState;
    lastTerminated?: Extract<ContainerState, { kind: 'terminated' }>;
    ready: boolean;
    restartCount: number;
    pid?: number;
  };
}

/** metav1.Time is RFC 3339 with seconds. */
export const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

const stateJson = (s: ContainerState): Record<string, unknown> => {
  const { kind, ...fields } = s;
  return { [kind]: fields };
};

/** The conditions the kubelet owns; others (PodScheduled, from the scheduler) are kept as they are. */
const kubeletConditions = ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready'];

/**
 * The Pod's status from a snapshot. A condition's lastTransitionTime moves only when its status flips,
 * as the StatefulSet controller's minReadySeconds reads it.
 */
export function podStatus(pod: V1Pod, snap: PodSnapshot): Record<string, unknown> {
  const previous = pod.status?.conditions ?? [];
  const condition = (type: string, isTrue: boolean, reason?: string) => {
    const status = isTrue ? 'True' : 'False';
    const before = previous.find((c) => c.type === type);
    const since = before && before.status === status && before.lastTransitionTime ? new Date(before.lastTransitionTime).toISOString().replace(/\.\d+Z$/, 'Z') : now();
    return { type, status, lastProbeTime: null, lastTransitionTime: since, ...(isTrue || !reason ? {} : { reason }) };
  };
  const c = snap.container;
  const running = c.state.kind === 'running';
  const ready = running && c.ready;
  const conditions = [
    ...previous.filter((p) => !kubeletConditions.includes(p.type)).map((p) => ({ ...p })),
    condition('PodReadyToStartContainers', true),
    condition('Initialized', true),
    condition('ContainersReady', ready, 'ContainersNotReady'),
    condition('Ready', ready, 'ContainersNotReady'),
  ];
  return {
    phase: snap.phase,
    hostIP: snap.hostIP,
    hostIPs: [{ ip: snap.hostIP }],
    podIP: snap.podIP,
    podIPs: [{ ip: snap.podIP }],
    startTime: snap.startTime,
    // Set by the API server at creation from the Pod's resources, and immutable: kept as it is.
    qosClass: pod.status?.qosClass ?? 'BestEffort',
    conditions,
    containerStatuses: [
      {
        name: c.name,
        image: c.image,
        imageID: '',
        // Not a container runtime's id: the local process, which tests can look up.
        containerID: c.pid ? `process://${c.pid}` : undefined,
        ready,
        started: running,
        restartCount: c.restartCount,
        state: stateJson(c.state),
        lastState: c.lastTerminated ? stateJson(c.lastTerminated) : {},
      },
    ],
  };
}
