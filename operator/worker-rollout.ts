import type { V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import type { MirrorJob } from '../src/api/index.ts';
import type { KubeGateway } from './kube-gateway.ts';
import type { KubeSecretReader } from './kube-secret-reader.ts';
import { Annotation, childNames, selectorString, workerSelector } from './names.ts';
import { referencedSecretNames } from './referenced-secrets.ts';
import { buildJobConfigMap, buildWorkerDisruptionBudget, buildWorkerService, jobFileContent } from './worker-resources.builder.ts';
import { buildWorkerStatefulSet } from './worker-statefulset.builder.ts';
import { configHash, nextRevision, revisionInForce } from './worker-revision.ts';

export interface WorkerRolloutDeps {
  kube: Pick<KubeGateway, 'readStatefulSet' | 'applyConfigMap' | 'applyService' | 'applyDisruptionBudget' | 'applyStatefulSet' | 'listPods' | 'deletePod'>;
  image: string;
  now: () => Date;
}

/** The workers as seen after this reconcile's applies. */
export interface WorkersObserved {
  desired: number;
  ready: number;
  /** Pods of an older revision still present. */
  outdated: number;
  /** The StatefulSet controller has not observed the latest spec yet: readiness says nothing about it. */
  settling?: boolean;
  selector: string;
  revision: number;
}

/**
 * Server-side applies the job's ConfigMap, Service, PodDisruptionBudget and StatefulSet. The
 * ConfigMap goes first: a Pod started before its job file exists would fail its first start.
 */
export async function ensureWorkerResources(job: MirrorJob, secrets: KubeSecretReader, deps: WorkerRolloutDeps): Promise<{ statefulSet: V1StatefulSet; revision: number }> {
  const namespace = job.metadata.namespace ?? '';
  const hash = configHash(jobFileContent(job), await secrets.versions(referencedSecretNames(job)));
  const existing = await deps.kube.readStatefulSet(namespace, childNames(job).statefulSet);
  const revision = nextRevision(revisionInForce(existing?.metadata?.annotations, { hash: Annotation.configHash, revision: Annotation.revision }), hash, deps.now().getTime());
  await deps.kube.applyConfigMap(buildJobConfigMap(job));
  await Promise.all([deps.kube.applyService(buildWorkerService(job)), deps.kube.applyDisruptionBudget(buildWorkerDisruptionBudget(job))]);
  const statefulSet = await deps.kube.applyStatefulSet(buildWorkerStatefulSet(job, { image: deps.image, revision, configHash: hash }));
  return { statefulSet, revision };
}

const isOutdated = (pod: V1Pod, updateRevision: string): boolean =>
  !pod.metadata?.deletionTimestamp && pod.metadata?.labels?.['controller-revision-hash'] !== updateRevision;

/**
 * The StatefulSet updates OnDelete (see worker-statefulset.builder.ts); this is the roll: every Pod of
 * an older template is deleted at once, and the controller re-creates it from the new one. Waits for
 * the controller to have observed the latest spec, so updateRevision is the new template's.
 */
export async function rollOutdatedWorkers(job: MirrorJob, statefulSet: V1StatefulSet, deps: WorkerRolloutDeps, revision: number): Promise<WorkersObserved> {
  const selector = selectorString(workerSelector(job));
  const desired = job.spec.paused ? 0 : job.spec.replication.workers;
  const status = statefulSet.status;
  const ready = status?.readyReplicas ?? 0;
  const observedLatest = (status?.observedGeneration ?? 0) >= (statefulSet.metadata?.generation ?? 0);
  // Until the controller has seen the latest spec, readiness says nothing about the new template.
  if (!observedLatest || !status?.updateRevision) return { desired, ready, outdated: 0, settling: true, selector, revision };
  const pods = await deps.kube.listPods(job.metadata.namespace ?? '', selector);
  const outdated = pods.filter((pod) => isOutdated(pod, status.updateRevision ?? ''));
  await Promise.all(outdated.map((pod) => deps.kube.deletePod(pod)));
  const terminating = pods.filter((pod) => pod.metadata?.deletionTimestamp).length;
  return { desired, ready, outdated: outdated.length + terminating, selector, revision };
}
