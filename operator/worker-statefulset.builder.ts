import type { V1Container, V1EnvVar, V1PodSpec, V1StatefulSet, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { MirrorJob } from '../src/api/index.ts';
import { WORKER_COMMAND, WORKER_JOB_FILE, WORKER_JOB_MOUNT, WORKER_MALLOC_ARENA_MAX, WORKER_METRICS_PORT, workerNodeOptions, WORKER_SECRETS_DIR, WorkerEnv } from '../src/worker/worker-contract.ts';
import { Annotation, childNames, workerLabels, workerSelector } from './names.ts';
import { secretVolumes } from './referenced-secrets.ts';
import { childMeta } from './worker-resources.builder.ts';

/** What the StatefulSet needs beyond the job: decided by the reconciler from the observed world. */
export interface WorkerRollout {
  image: string;
  /** KMO_REVISION; see worker-revision.ts. */
  revision: number;
  /** configHash of the job file and Secrets; a change rolls the Pods. */
  configHash: string;
}

/** Seconds a worker gets after SIGTERM to finish the transaction in flight (commit or abort). */
export const WORKER_GRACE_SECONDS = 30;

const restricted = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

function workerEnv(job: MirrorJob, revision: number): V1EnvVar[] {
  return [
    { name: WorkerEnv.jobFile, value: WORKER_JOB_FILE },
    { name: WorkerEnv.revision, value: String(revision) },
    { name: WorkerEnv.secretsDir, value: WORKER_SECRETS_DIR },
    { name: WorkerEnv.metricsPort, value: String(WORKER_METRICS_PORT) },
    { name: 'NODE_OPTIONS', value: workerNodeOptions(job.spec.workerTemplate?.heapMiB) },
    { name: 'MALLOC_ARENA_MAX', value: WORKER_MALLOC_ARENA_MAX },
    // With several replicas on one network namespace (tests), each binds its own address, as real Pods do.
    { name: WorkerEnv.podIp, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
  ];
}

function workerVolumes(job: MirrorJob): { volumes: V1Volume[]; mounts: V1VolumeMount[] } {
  const secrets = secretVolumes(job, WORKER_SECRETS_DIR);
  return {
    volumes: [
      { name: 'job', configMap: { name: childNames(job).configMap } },
      // The root file system is read-only; Node and the Kafka client may still want a scratch folder.
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
      ...secrets.map((s) => ({ name: s.volumeName, secret: { secretName: s.secretName, defaultMode: 0o400 } })),
    ],
    mounts: [
      { name: 'job', mountPath: WORKER_JOB_MOUNT, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
      ...secrets.map((s) => ({ name: s.volumeName, mountPath: s.mountPath, readOnly: true })),
    ],
  };
}

function workerContainer(job: MirrorJob, rollout: WorkerRollout, mounts: V1VolumeMount[]): V1Container {
  return {
    name: 'worker',
    image: rollout.image,
    args: [...WORKER_COMMAND],
    env: workerEnv(job, rollout.revision),
    ports: [{ name: 'metrics', containerPort: WORKER_METRICS_PORT, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/readyz', port: 'metrics' }, periodSeconds: 5, failureThreshold: 2 },
    // Liveness is about the process answering at all; a worker waiting to be fenced is alive, just not ready.
    livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' }, periodSeconds: 10, failureThreshold: 6 },
    volumeMounts: mounts,
    securityContext: restricted,
    ...(job.spec.workerTemplate?.resources && { resources: job.spec.workerTemplate.resources }),
  };
}

function workerPodSpec(job: MirrorJob, rollout: WorkerRollout): V1PodSpec {
  const template = job.spec.workerTemplate;
  const { volumes, mounts } = workerVolumes(job);
  return {
    // Workers never call the Kubernetes API: no token in the Pod at all.
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    terminationGracePeriodSeconds: WORKER_GRACE_SECONDS,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [workerContainer(job, rollout, mounts)],
    volumes,
    ...(template?.serviceAccountName && { serviceAccountName: template.serviceAccountName }),
    ...(template?.nodeSelector && { nodeSelector: template.nodeSelector }),
    ...(template?.tolerations && { tolerations: template.tolerations }),
    ...(template?.affinity && { affinity: template.affinity }),
  } as V1PodSpec;
}

/**
 * The workers. Parallel Pod management and OnDelete updates, because a new revision's workers wait
 * for worker 0 of that revision to fence the previous generation: a rolling update, which replaces
 * worker N-1 first and waits for it to be Ready, would wait forever. The reconciler deletes the
 * outdated Pods of a roll all at once instead (rollOutdatedWorkers).
 */
export function buildWorkerStatefulSet(job: MirrorJob, rollout: WorkerRollout): V1StatefulSet {
  const names = childNames(job);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      ...childMeta(job, names.statefulSet),
      annotations: { [Annotation.configHash]: rollout.configHash, [Annotation.revision]: String(rollout.revision) },
    },
    spec: {
      replicas: job.spec.paused ? 0 : job.spec.replication.workers,
      serviceName: names.service,
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'OnDelete' },
      selector: { matchLabels: workerSelector(job) },
      template: {
        metadata: {
          labels: workerLabels(job),
          // Ours last: a user annotation cannot hide a config change.
          annotations: { ...job.spec.workerTemplate?.annotations, [Annotation.configHash]: rollout.configHash, 'kubectl.kubernetes.io/default-container': 'worker' },
        },
        spec: workerPodSpec(job, rollout),
      },
    },
  };
}
