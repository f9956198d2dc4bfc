import {
  AppsV1Api, CoreV1Api, CustomObjectsApi, EventsV1Api, PatchStrategy, PolicyV1Api, V1MicroTime, setHeaderOptions,
  type KubeConfig, type V1ConfigMap, type V1PodDisruptionBudget, type V1Pod, type V1Secret, type V1Service, type V1StatefulSet,
} from '@kubernetes/client-node';
import { API_GROUP, API_VERSION, MIRRORJOB_API_VERSION, MIRRORJOB_KIND, MIRRORJOB_PLURAL, type MirrorJobStatus } from '../src/api/index.ts';
import { isNotFound } from './operator-errors.ts';
import { FIELD_MANAGER } from './names.ts';
import type { JobEvent } from './status-events.ts';

const serverSideApply = setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply);
const jobRef = { group: API_GROUP, version: API_VERSION, plural: MIRRORJOB_PLURAL };

/** A MirrorJob as the API server returns it: not validated yet (the reconciler does that). */
export interface RawMirrorJob {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace: string; uid: string; generation?: number; deletionTimestamp?: string; [key: string]: unknown };
  spec?: unknown;
  status?: MirrorJobStatus;
}

const orUndefined = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await read();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
};

/**
 * Every Kubernetes call the reconciler makes, in one place: reads go to the API server (not a cache:
 * a reconcile acts on the newest world), writes are server-side applies owned by FIELD_MANAGER.
 * `force` takes over fields another manager set (a `kubectl edit` of a child is undone, as it should be).
 */
export class KubeGateway {
  readonly #core: CoreV1Api;
  readonly #apps: AppsV1Api;
  readonly #policy: PolicyV1Api;
  readonly #custom: CustomObjectsApi;
  readonly #events: EventsV1Api;
  readonly #instance: string;

  constructor(kc: KubeConfig, instance: string) {
    this.#core = kc.makeApiClient(CoreV1Api);
    this.#apps = kc.makeApiClient(AppsV1Api);
    this.#policy = kc.makeApiClient(PolicyV1Api);
    this.#custom = kc.makeApiClient(CustomObjectsApi);
    this.#events = kc.makeApiClient(EventsV1Api);
    this.#instance = instance;
  }

  getMirrorJob(namespace: string, name: string): Promise<RawMirrorJob | undefined> {
    return orUndefined(() => this.#custom.getNamespacedCustomObject({ ...jobRef, namespace, name }) as Promise<RawMirrorJob>);
  }

  readStatefulSet(namespace: string, name: string): Promise<V1StatefulSet | undefined> {
    return orUndefined(() => this.#apps.readNamespacedStatefulSet({ namespace, name }));
  }

  readSecret(namespace: string, name: string): Promise<V1Secret | undefined> {
    return orUndefined(() => this.#core.readNamespacedSecret({ namespace, name }));
  }

  async listPods(namespace: string, labelSelector: string): Promise<V1Pod[]> {
    return (await this.#core.listNamespacedPod({ namespace, labelSelector })).items;
  }

  async deletePod(pod: V1Pod): Promise<void> {
    const { name = '', namespace = '', uid } = pod.metadata ?? {};
    // The uid precondition: never delete a newer Pod that took the same name meanwhile.
    await orUndefined(() => this.#core.deleteNamespacedPod({ name, namespace, body: { preconditions: { uid } } }));
  }

  async applyConfigMap(body: V1ConfigMap): Promise<void> {
    await this.#core.patchNamespacedConfigMap({ ...this.#applyArgs(body), body }, serverSideApply);
  }

  async applyService(body: V1Service): Promise<void> {
    await this.#core.patchNamespacedService({ ...this.#applyArgs(body), body }, serverSideApply);
  }

  async applyDisruptionBudget(body: V1PodDisruptionBudget): Promise<void> {
    await this.#policy.patchNamespacedPodDisruptionBudget({ ...this.#applyArgs(body), body }, serverSideApply);
  }

  applyStatefulSet(body: V1StatefulSet): Promise<V1StatefulSet> {
    return this.#apps.patchNamespacedStatefulSet({ ...this.#applyArgs(body), body }, serverSideApply);
  }

  /** Through the status subresource; the whole status is ours, so fields left out are removed. */
  async applyStatus(job: RawMirrorJob, status: MirrorJobStatus): Promise<void> {
    const { name, namespace } = job.metadata;
    const body = { apiVersion: MIRRORJOB_API_VERSION, kind: MIRRORJOB_KIND, metadata: { name, namespace }, status };
    await this.#custom.patchNamespacedCustomObjectStatus({ ...jobRef, namespace, name, body, fieldManager: FIELD_MANAGER, force: true }, serverSideApply);
  }

  async recordEvent(job: RawMirrorJob, event: JobEvent): Promise<void> {
    const { name, namespace, uid } = job.metadata;
    await this.#events.createNamespacedEvent({
      namespace,
      body: {
        // client-go's naming: <object>.<hex time>; a generateName ending in "." is refused by validation.
        metadata: { name: `${name.slice(0, 220)}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xfff).toString(16)}`, namespace },
        eventTime: new V1MicroTime(),
        reportingController: `${API_GROUP}/${FIELD_MANAGER}`,
        reportingInstance: this.#instance.slice(0, 128),
        action: 'Reconcile',
        type: event.type,
        reason: event.reason,
        note: event.message,
        regarding: { apiVersion: MIRRORJOB_API_VERSION, kind: MIRRORJOB_KIND, name, namespace, uid },
      },
    });
  }

  #applyArgs(body: { metadata?: { name?: string; namespace?: string } }) {
    return { name: body.metadata?.name ?? '', namespace: body.metadata?.namespace ?? '', fieldManager: FIELD_MANAGER, force: true };
  }
}
