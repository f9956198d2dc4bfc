import type { V1ConfigMap, V1OwnerReference, V1PodDisruptionBudget, V1Service } from '@kubernetes/client-node';
import { MIRRORJOB_API_VERSION, MIRRORJOB_KIND, type MirrorJob } from '../src/api/index.ts';
import { WORKER_JOB_FILE, WORKER_METRICS_PORT } from '../src/worker/worker-contract.ts';
import { childNames, workerLabels, workerSelector } from './names.ts';

// Pure builders: MirrorJob -> the objects the operator server-side applies. The StatefulSet, the
// largest, is in worker-statefulset.builder.ts.

const jobFileName = WORKER_JOB_FILE.slice(WORKER_JOB_FILE.lastIndexOf('/') + 1);

/** The owner reference every child carries: the garbage collector deletes children with the job. */
export function ownerReferenceTo(job: MirrorJob): V1OwnerReference {
  if (!job.metadata.uid) throw new Error(`MirrorJob ${job.metadata.name} has no uid (not read from the API server?)`);
  return { apiVersion: MIRRORJOB_API_VERSION, kind: MIRRORJOB_KIND, name: job.metadata.name, uid: job.metadata.uid, controller: true, blockOwnerDeletion: true };
}

const childMeta = (job: MirrorJob, name: string) => ({
  name,
  namespace: job.metadata.namespace,
  labels: workerLabels(job),
  ownerReferences: [ownerReferenceTo(job)],
});

/**
 * The job file workers read: the job with every default applied, and only what workers need of its
 * metadata. resourceVersion and generation stay out: they change with every status write, and each
 * change of this text starts a new worker revision. So does spec.cutover: workers copy and sync the
 * same way before and after it (the operator alone judges the drain), and rolling every worker at
 * the moment the user waits for the drain would only delay it.
 */
export function jobFileContent(job: MirrorJob): string {
  const { name, namespace } = job.metadata;
  const { cutover: _operatorOnly, ...spec } = job.spec;
  return `${JSON.stringify({ apiVersion: job.apiVersion, kind: job.kind, metadata: { name, namespace }, spec }, null, 2)}\n`;
}

export function buildJobConfigMap(job: MirrorJob): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: childMeta(job, childNames(job).configMap), data: { [jobFileName]: jobFileContent(job) } };
}

/** Headless: Prometheus scrapes every worker by Pod, and the StatefulSet needs a governing Service. */
export function buildWorkerService(job: MirrorJob): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMeta(job, childNames(job).service),
    spec: {
      clusterIP: 'None',
      selector: workerSelector(job),
      // Workers answer /metrics before they are ready; a worker that is not ready is what alerts are about.
      publishNotReadyAddresses: true,
      ports: [{ name: 'metrics', port: WORKER_METRICS_PORT, targetPort: 'metrics', protocol: 'TCP' }],
    },
  };
}

/** A voluntary disruption (node drain) takes one worker at a time; its partitions resume from checkpoints. */
export function buildWorkerDisruptionBudget(job: MirrorJob): V1PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: childMeta(job, childNames(job).podDisruptionBudget),
    spec: { maxUnavailable: 1, selector: { matchLabels: workerSelector(job) } },
  };
}

export { childMeta };
