import { createHash } from 'node:crypto';
import type { MirrorJob } from '../src/api/index.ts';

/** Field manager of every server-side apply, so `kubectl get -o yaml --show-managed-fields` names us. */
export const FIELD_MANAGER = 'kafka-mirror-operator';

export const Annotation = {
  /** On the Pod template: a digest of the worker config and referenced Secrets; a change rolls the workers. */
  configHash: 'kafkamirror.io/config-hash',
  /** On the StatefulSet: the KMO_REVISION in force, kept so it only ever grows (see worker-revision.ts). */
  revision: 'kafkamirror.io/revision',
} as const;

export const Label = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  managedBy: 'app.kubernetes.io/managed-by',
  /** Which MirrorJob a child belongs to (informer events on children map back to the job through it). */
  job: 'kafkamirror.io/job',
} as const;

// A StatefulSet's Pods carry `controller-revision-hash: <sts>-<10 chars>`, a label value of at most 63
// characters, so the StatefulSet name (and with it every child name) stays within 52.
const MAX_CHILD_NAME = 52;

/** `text` cut to `max` characters with a short digest, so two long names stay distinct. */
export function boundedName(text: string, max: number): string {
  if (text.length <= max) return text;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${text.slice(0, max - 9).replace(/[-.]+$/, '')}-${digest}`;
}

type Named = Pick<MirrorJob, 'metadata'>;

/** Names of the objects the operator owns for one job. */
export const childNames = (job: Named) => {
  const base = boundedName(job.metadata.name, MAX_CHILD_NAME - '-worker'.length);
  return { statefulSet: `${base}-worker`, service: `${base}-worker`, podDisruptionBudget: `${base}-worker`, configMap: `${base}-job` };
};

/** Labels every worker Pod carries; the StatefulSet, Service and PDB select on them. */
export function workerSelector(job: Named): Record<string, string> {
  return { [Label.job]: boundedName(job.metadata.name, 63), [Label.component]: 'worker' };
}

export function workerLabels(job: Named): Record<string, string> {
  return {
    ...workerSelector(job),
    [Label.name]: 'kafka-mirror-worker',
    [Label.instance]: boundedName(job.metadata.name, 63),
    [Label.managedBy]: FIELD_MANAGER,
  };
}

/** The selector as a string, for status.workers.selector (the scale subresource) and Pod lists. */
export const selectorString = (labels: Record<string, string>): string =>
  Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
