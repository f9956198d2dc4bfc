/**
 * The process kubelet: a test stand-in for the kubelet, on a machine with no container runtime.
 *
 * It registers a Node, watches the Pods the real scheduler binds to it, and runs each Pod's first
 * container as a local process (startProcess, so the global teardown stops whatever a crashed test left).
 * Everything around it is real Kubernetes: StatefulSet controller, scheduler, garbage collector, RBAC.
 *
 * How a container maps to a process:
 * - Image: `mapImage` (image + command + args -> local command); by default the command runs as is.
 * - Env: value, $(VAR) expansion, secretKeyRef, configMapKeyRef, fieldRef and envFrom, read from the
 *   API server at every (re)start. A missing non-optional reference is CreateContainerConfigError, retried.
 * - Volumes: ConfigMap and Secret volumes are written as files under `<run>/kubelet/<node>/<pod>/volumes/<volume>`
 *   (emptyDir: an empty folder). Processes cannot see the container's mount paths, so every mount path
 *   in the command, args, env values and workingDir is REWRITTEN to its local folder
 *   (`--config=/etc/app/c.yaml` -> `--config=<pod>/volumes/config/c.yaml`). Chosen over one env var per
 *   mount because the program under test then needs no test-only code path.
 * - Network: each Pod gets its own loopback address, 127.<n>.<x>.<y> (the whole 127/8 reaches lo on
 *   Linux), reported as status.podIP and given to fieldRef status.podIP. Replicas of one StatefulSet
 *   listen on the same port, as real Pods do; this needs programs to bind their POD_IP rather than
 *   0.0.0.0 when more than one replica runs. hostIP is 127.0.0.1.
 * - Readiness: an httpGet readiness probe is polled (at most every second); without one, Ready once started.
 *   Liveness and startup probes are not run.
 * - Restarts: restartPolicy Always/OnFailure restarts an exited process with restartCount+1 and back-off.
 * - Deletion: SIGTERM to the process group, SIGKILL after the grace period, then the Pod is deleted
 *   with gracePeriodSeconds 0 (what a kubelet does once its containers are gone).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, ListWatch, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { runDir, runSubdir } from '../run-dir.ts';
import { runAsIs, type ImageMapper } from './image-mapping.ts';
import { loadKubeConfig } from './kubeconfig.ts';
import { uniqueName } from './namespaces.ts';
import { deregisterNode, registerNode } from './node-registration.ts';
import { apiObjectLookup } from './object-lookup.ts';
import { PodRunner } from './pod-runner.ts';

export interface ProcessKubeletOptions {
  /** A kubeconfig allowed to manage Nodes and Pods (the control plane's admin one). */
  kubeconfig: string;
  nodeName?: string;
  mapImage?: ImageMapper;
  /** A full re-list this often, catching anything a watch missed. */
  resyncMs?: number;
}

export interface ProcessKubelet {
  nodeName: string;
  /** The local process of each running Pod, by "namespace/name". */
  processes(): Map<string, number>;
  /** Stops every process, the watch, and removes the Node. */
  stop(): Promise<void>;
}

export async function startProcessKubelet(options: ProcessKubeletOptions): Promise<ProcessKubelet> {
  const kc = loadKubeConfig(options.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const nodeName = options.nodeName ?? uniqueName('process-kubelet');
  const lookup = apiObjectLookup(core);
  const mapImage = options.mapImage ?? runAsIs;
  const logFile = join(runDir(), 'logs', `kubelet-${nodeName}.log`);
  mkdirSync(join(runDir(), 'logs'), { recursive: true });
  const log = (message: string) => appendFileSync(logFile, `${new Date().toISOString()} ${message}\n`);
  const nextPodIP = podAddresses();
  const runners = new Map<string, PodRunner>();
  const leaving = new Set<string>();
  let stopped = false;

  await registerNode(core, nodeName, '127.0.0.1');
  log(`registered node ${nodeName}`);

  /** Level-triggered: called with every version of a Pod seen, from the watch or a resync. */
  const sync = (pod: V1Pod): void => {
    const uid = pod.metadata?.uid;
    if (stopped || !uid || pod.spec?.nodeName !== nodeName || leaving.has(uid)) return;
    const runner = runners.get(uid);
    if (pod.metadata?.deletionTimestamp) return void remove(pod, runner);
    if (runner) return runner.observe(pod);
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
    const meta = pod.metadata ?? {};
    const fresh = new PodRunner(pod, { core, lookup, mapImage, podIP: nextPodIP(), hostIP: '127.0.0.1', dir: runSubdir('kubelet', nodeName, `${meta.namespace}_${meta.name}_${uid.slice(0, 8)}`), log });
    runners.set(uid, fresh);
    fresh.start();
  };

  /** The Pod is being deleted: stop its process within the grace period, then finish the deletion. */
  const remove = async (pod: V1Pod, runner: PodRunner | undefined): Promise<void> => {
    const { uid = '', name = '', namespace = '' } = pod.metadata ?? {};
    leaving.add(uid);
    try {
      await runner?.terminate(pod.metadata?.deletionGracePeriodSeconds ?? runner.graceSeconds);
      runners.delete(uid);
      // With a body, the API server reads DeleteOptions from it alone: gracePeriodSeconds must be there, not in the query.
      await core.deleteNamespacedPod({ name, namespace, body: { gracePeriodSeconds: 0, preconditions: { uid } } }).catch((err: unknown) => {
        if ((err as { code?: number }).code !== 404 && (err as { code?: number }).code !== 409) throw err;
      });
      log(`${namespace}/${name}: gone`);
    } catch (err) {
      log(`${namespace}/${name}: removal failed, retried at the next resync: ${String(err)}`);
      leaving.delete(uid);
    }
  };

  /** A Pod that vanished from the API (force-deleted, or its Node removed): its process goes too. */
  const gone = (uid: string): void => {
    const runner = runners.get(uid);
    if (!runner || leaving.has(uid)) return;
    leaving.add(uid);
    void runner.terminate(runner.graceSeconds).finally(() => runners.delete(uid));
  };

  const fieldSelector = `spec.nodeName=${nodeName}`;
  const listPods = () => core.listPodForAllNamespaces({ fieldSelector });
  const watch = startResilientWatch(kc, fieldSelector, listPods, { sync, gone, log });

  // The watch delivers changes; a periodic full list repairs anything it missed while reconnecting.
  const resync = setInterval(() => {
    // Only Pods that ran before the list was asked for can be missing from it: one the watch brought
    // while the list was on its way is not in it, and stopping it as gone left it Pending for good
    // (3 of 100 Pods in the many-jobs bench).
    const listed = new Set(runners.keys());
    void listPods()
      .then((list) => {
        const present = new Set(list.items.map((p) => p.metadata?.uid));
        list.items.forEach(sync);
        for (const uid of listed) if (!present.has(uid)) gone(uid);
      })
      .catch((err: unknown) => log(`resync failed: ${String(err)}`));
  }, options.resyncMs ?? 10_000);

  return {
    nodeName,
    processes: () => new Map([...runners.values()].flatMap((r) => (r.pid ? [[r.name, r.pid] as const] : []))),
    async stop() {
      stopped = true;
      clearInterval(resync);
      await watch.stop();
      await Promise.all([...runners.values()].map((r) => r.terminate(2)));
      runners.clear();
      await deregisterNode(core, nodeName);
      log(`stopped; node ${nodeName} removed`);
    },
  };
}

interface WatchHandlers {
  sync: (pod: V1Pod) => void;
  gone: (uid: string) => void;
  log: (message: string) => void;
}

/**
 * An informer (list + watch) over the node's Pods that survives errors: the client's ListWatch stops on
 * a watch error, so a fresh one (a new list, then a watch from its resourceVersion) replaces it a
 * second later, for as long as the kubelet runs.
 */
function startResilientWatch(kc: KubeConfig, fieldSelector: string, list: () => ReturnType<CoreV1Api['listPodForAllNamespaces']>, handlers: WatchHandlers): { stop(): Promise<void> } {
  let current: ListWatch<V1Pod> | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const open = (): void => {
    if (stopped) return;
    const informer = new ListWatch<V1Pod>('/api/v1/pods', new Watch(kc), list, false, undefined, fieldSelector);
    informer.on('add', handlers.sync);
    informer.on('update', handlers.sync);
    informer.on('delete', (pod) => handlers.gone(pod.metadata?.uid ?? ''));
    informer.on('error', (err?: unknown) => {
      if (stopped) return; // stop() aborts the watch request, which reports as an error
      handlers.log(`pod watch failed, re-listing: ${String(err)}`);
      void informer.stop();
      if (!stopped) retry = setTimeout(open, 1_000);
    });
    current = informer;
    informer.start().catch((err: unknown) => {
      handlers.log(`pod watch could not start: ${String(err)}`);
      if (!stopped) retry = setTimeout(open, 1_000);
    });
  };
  open();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await current?.stop();
    },
  };
}

/**
 * Pod addresses: 127.<n>.<x>.<y>, with <n> random per kubelet, so the kubelets of Jest's parallel
 * workers almost never hand out the same address (their networks and their counters' starts would both
 * have to meet).
 */
function podAddresses(): () => string {
  const network = 1 + Math.floor(Math.random() * 254);
  let next = Math.floor(Math.random() * 60_000);
  return () => {
    const n = next++;
    return `127.${network}.${Math.floor(n / 254) % 254}.${1 + (n % 254)}`;
  };
}
