import { AppsV1Api, CustomObjectsApi, ListWatch, Watch, type KubeConfig, type KubernetesListObject, type KubernetesObject, type V1StatefulSet } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION, MIRRORJOB_KIND, MIRRORJOB_PLURAL } from '../src/api/index.ts';
import type { Logger } from '../src/runtime/logger.ts';
import { FIELD_MANAGER, Label } from './names.ts';
import { describeError } from './operator-errors.ts';

/** "namespace/name", the work queue's key. */
export const keyOf = (namespace: string | undefined, name: string | undefined): string => `${namespace ?? ''}/${name ?? ''}`;

export function parseKey(key: string): { namespace: string; name: string } {
  const [namespace = '', name = ''] = key.split('/', 2);
  return { namespace, name };
}

/** Where a watch restarts after an error: quick first, then at most every 30 s. */
const restartDelayMs = (attempt: number): number => Math.min(500 * 2 ** attempt, 30_000);

export interface ResilientInformer<T extends KubernetesObject> {
  /** Objects as last listed or watched. */
  list(): readonly T[];
  /** True once the first list has arrived. */
  synced(): boolean;
  stop(): Promise<void>;
}

/** How long a watch may stay silent before it is presumed stalled and started over. */
const WATCH_SILENCE_MS = 5 * 60_000;

/**
 * A list + watch that never gives up. The client's ListWatch re-watches when a watch ends normally
 * and re-lists on 410 Gone, but stops on any other error (an API server restart, a network
 * failure); here it is started again, with backoff, from the last resourceVersion, and it re-lists
 * if that one has been compacted away.
 */
function resilientInformer<T extends KubernetesObject>(
  kc: KubeConfig,
  path: string,
  list: () => Promise<KubernetesListObject<T>>,
  onChange: (obj: T, verb: 'add' | 'update' | 'delete') => void,
  logger: Logger,
  labelSelector?: string,
): ResilientInformer<T> {
  let synced = false;
  let attempt = 0;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const listAndMark = async () => {
    const result = await list();
    synced = true;
    attempt = 0;
    return result;
  };
  const informer = new ListWatch<T>(path, new Watch(kc), listAndMark, false, labelSelector);
  informer.on('add', (obj) => onChange(obj, 'add'));
  informer.on('update', (obj) => onChange(obj, 'update'));
  informer.on('delete', (obj) => onChange(obj, 'delete'));
  informer.on('connect', () => (attempt = 0));
  const restart = (err: unknown) => {
    if (stopped) return;
    const delay = restartDelayMs(attempt++);
    logger.warn({ path, err: describeError(err), retryInMs: delay }, 'watch failed; restarting');
    clearTimeout(retry);
    retry = setTimeout(() => void informer.start().catch(restart), delay);
  };
  informer.on('error', restart);
  void informer.start().catch(restart);
  // A watch can also stall without an error (a half-open connection after a network fault): with no
  // event for a while, start over from a fresh list. On a quiet cluster this costs one list per period.
  let lastEvent = Date.now();
  for (const verb of ['add', 'update', 'delete'] as const) informer.on(verb, () => (lastEvent = Date.now()));
  informer.on('connect', () => (lastEvent = Date.now()));
  const watchdog = setInterval(() => {
    if (stopped || Date.now() - lastEvent < WATCH_SILENCE_MS) return;
    lastEvent = Date.now();
    logger.info({ path }, 'no watch event for a while; re-listing');
    void informer.stop().then(() => informer.start()).catch(restart);
  }, WATCH_SILENCE_MS / 4);
  watchdog.unref();
  return {
    list: () => informer.list(),
    synced: () => synced,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(watchdog);
      await informer.stop();
    },
  };
}

export interface OperatorInformers {
  mirrorJobs: ResilientInformer<KubernetesObject>;
  statefulSets: ResilientInformer<V1StatefulSet>;
  synced(): boolean;
  stop(): Promise<void>;
}

/**
 * Watches MirrorJobs and the StatefulSets this operator manages (in one namespace, or all). Events
 * only enqueue the key of the MirrorJob concerned; the reconcile reads the world itself.
 */
export function startInformers(kc: KubeConfig, namespace: string | undefined, enqueue: (key: string) => void, logger: Logger): OperatorInformers {
  const custom = kc.makeApiClient(CustomObjectsApi);
  const apps = kc.makeApiClient(AppsV1Api);
  const scope = namespace ? `/namespaces/${namespace}` : '';
  const jobRef = { group: API_GROUP, version: API_VERSION, plural: MIRRORJOB_PLURAL };
  const managed = `${Label.managedBy}=${FIELD_MANAGER}`;
  // Status writes come back as updates of the same generation; only spec, metadata and deletion
  // changes matter, and the periodic resync covers the rest.
  const seenGeneration = new Map<string, string>();
  const mirrorJobs = resilientInformer<KubernetesObject>(
    kc,
    `/apis/${API_GROUP}/${API_VERSION}${scope}/${MIRRORJOB_PLURAL}`,
    async () => (namespace ? custom.listNamespacedCustomObject({ ...jobRef, namespace }) : custom.listClusterCustomObject(jobRef)) as Promise<KubernetesListObject<KubernetesObject>>,
    (job, verb) => {
      const key = keyOf(job.metadata?.namespace, job.metadata?.name);
      const meta = job.metadata ?? {};
      const fingerprint = `${meta.generation}|${meta.deletionTimestamp ?? ''}|${JSON.stringify(meta.labels ?? {})}|${JSON.stringify(meta.annotations ?? {})}`;
      if (verb === 'delete') seenGeneration.delete(key);
      else if (verb === 'update' && seenGeneration.get(key) === fingerprint) return;
      else seenGeneration.set(key, fingerprint);
      enqueue(key);
    },
    logger,
  );
  const statefulSets = resilientInformer<V1StatefulSet>(
    kc,
    `/apis/apps/v1${scope}/statefulsets`,
    () => (namespace ? apps.listNamespacedStatefulSet({ namespace, labelSelector: managed }) : apps.listStatefulSetForAllNamespaces({ labelSelector: managed })),
    (sts) => {
      const owner = sts.metadata?.ownerReferences?.find((ref) => ref.kind === MIRRORJOB_KIND && ref.controller);
      if (owner) enqueue(keyOf(sts.metadata?.namespace, owner.name));
    },
    logger,
    managed,
  );
  return {
    mirrorJobs,
    statefulSets,
    synced: () => mirrorJobs.synced() && statefulSets.synced(),
    async stop() {
      await Promise.all([mirrorJobs.stop(), statefulSets.stop()]);
    },
  };
}
