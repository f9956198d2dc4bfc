import { join } from 'node:path';
import { ApiextensionsV1Api, CoordinationV1Api, CoreV1Api, PatchStrategy, RbacAuthorizationV1Api, setHeaderOptions, type CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION, MIRRORJOB_PLURAL, type MirrorJobStatus } from '../../src/api/index.ts';
import { operatorRbac } from '../../operator/rbac.ts';
import { Env, OPERATOR_DEFAULT_HEAP_MIB } from '../../operator/operator-config.ts';
import { boundedHeapNodeOptions } from '../../src/runtime/node-options.ts';
import { freePort } from '../helpers/ports.ts';
import { startProcess, stopProcess, waitFor, type ManagedProcess } from '../helpers/processes.ts';
import { projectRoot } from '../helpers/run-dir.ts';
import { nodeBinary } from '../helpers/kube/binaries.ts';
import { adminKubeConfig, kubectl } from '../helpers/kube/clients.ts';
import { controlPlane } from '../helpers/kube/control-plane.ts';
import { mapImages, nodeScriptImage } from '../helpers/kube/image-mapping.ts';
import { startProcessKubelet, type ProcessKubelet } from '../helpers/kube/process-kubelet.ts';
import { sourceKafka, targetKafka } from '../helpers/kafka/clusters.ts';
import { kubeconfigFor } from '../helpers/kube/identities.ts';
import { freshNamespace } from '../helpers/kube/namespaces.ts';
import type { KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';

export const jobRef = { group: API_GROUP, version: API_VERSION, plural: MIRRORJOB_PLURAL };
const crdName = `${MIRRORJOB_PLURAL}.${API_GROUP}`;

export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** A MirrorJob from the SASL source to the plaintext target, for the topics starting with `prefix`. */
export function aMirrorJob(name: string, source: KafkaCluster, target: KafkaCluster, prefix: string, spec: Record<string, unknown> = {}) {
  const sasl = { mechanism: 'PLAIN', credentialsSecretRef: { name: 'source-credentials' } };
  return {
    apiVersion: 'kafkamirror.io/v1alpha1',
    kind: 'MirrorJob',
    metadata: { name },
    spec: {
      source: { alias: 'source', bootstrapServers: [source.bootstrap], sasl },
      target: { alias: 'target', bootstrapServers: [target.bootstrap] },
      topics: { include: [`${prefix}.*`] },
      replication: { workers: 2 },
      ...spec,
    },
  };
}

/** `n` records spread over `partitions`, unique by key (with `tag`), an hour old. */
export const testRecords = (n: number, partitions: number, tag = '') =>
  Array.from({ length: n }, (_, i) => ({ partition: i % partitions, key: `${tag}k${i}`, value: `value-${i}`, headers: [['h', String(i)]] as Array<[string, string]>, timestamp: Date.now() - 3_600_000 + i }));

/** The Secret with the source's SASL login that aMirrorJob refers to. */
export async function createSourceCredentials(admin: KubeConfig, namespace: string, source: KafkaCluster): Promise<void> {
  const login = source.sasl?.admin ?? { username: '', password: '' };
  await admin.makeApiClient(CoreV1Api).createNamespacedSecret({ namespace, body: { metadata: { name: 'source-credentials' }, stringData: login } });
}

/**
 * A namespace of the shared control plane whose Pods go to `nodeName` (the file's process kubelet),
 * with the operator's identity and the source credentials. Returns the ClusterRole to delete after.
 */
export async function operatorNamespace(admin: KubeConfig, nodeName: string, source: KafkaCluster, prefix: string): Promise<{ namespace: string; kubeconfig: string; clusterRoleName: string }> {
  const namespace = await freshNamespace(prefix, { node: nodeName });
  const identity = await operatorIdentity(admin, namespace);
  await createSourceCredentials(admin, namespace, source);
  return { namespace, ...identity };
}

/** Applies the generated CRD (idempotent; other files may apply it too) and waits until it is served. */
export async function applyMirrorJobCrd(admin: KubeConfig, kubeconfig?: string): Promise<void> {
  await kubectl(['apply', '--server-side', '--force-conflicts', '-f', join(projectRoot, 'crds', `${crdName}.yaml`)], { kubeconfig });
  const ext = admin.makeApiClient(ApiextensionsV1Api);
  await waitFor('the MirrorJob CRD to be Established', async () => {
    const crd = await ext.readCustomResourceDefinition({ name: crdName });
    return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
  });
}

/**
 * A ServiceAccount bound to exactly operator/rbac/operator-role.yaml in `namespace`: the ClusterRole
 * (copied under a name of this namespace, so parallel tests never share it) through a RoleBinding,
 * the leader-election Role as it is. Returns a kubeconfig that speaks as it.
 */
export async function operatorIdentity(admin: KubeConfig, namespace: string): Promise<{ kubeconfig: string; clusterRoleName: string }> {
  const core = admin.makeApiClient(CoreV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const { clusterRole, leaderElectionRole } = operatorRbac();
  const serviceAccount = 'kafka-mirror-operator';
  const clusterRoleName = `${clusterRole.metadata?.name}-${namespace}`;
  const subjects = [{ kind: 'ServiceAccount', name: serviceAccount, namespace }];
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: serviceAccount } } });
  await rbac.createClusterRole({ body: { ...clusterRole, metadata: { name: clusterRoleName } } });
  await rbac.createNamespacedRole({ namespace, body: { ...leaderElectionRole, metadata: { name: leaderElectionRole.metadata?.name } } });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: { metadata: { name: 'operator' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoleName }, subjects },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: { metadata: { name: 'operator-leader-election' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: leaderElectionRole.metadata?.name ?? '' }, subjects },
  });
  const kubeconfig = await kubeconfigFor({ namespace, serviceAccount });
  await waitFor('the operator RBAC to be in force', () => kubectl(['-n', namespace, 'auth', 'can-i', 'list', 'mirrorjobs.kafkamirror.io'], { kubeconfig }).then((out) => (out.trim() === 'yes' ? true : undefined)));
  return { kubeconfig, clusterRoleName };
}

export interface OperatorProcess extends ManagedProcess {
  metricsUrl: string;
}

/** `node main.ts operator`, as the image runs it, watching one namespace. */
export async function startOperatorProcess(name: string, kubeconfig: string, namespace: string, extraEnv: Record<string, string> = {}): Promise<OperatorProcess> {
  const port = await freePort();
  const proc = startProcess(name, nodeBinary, [join(projectRoot, 'main.ts'), 'operator'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KUBECONFIG: kubeconfig,
      [Env.watchNamespace]: namespace,
      [Env.leaseNamespace]: namespace,
      [Env.metricsPort]: String(port),
      [Env.metricsHost]: '127.0.0.1',
      [Env.resyncSeconds]: '3',
      [Env.podName]: name,
      ...extraEnv,
      // The heap bounded as the chart's Deployment bounds it; extra options (a bench's preload) after it.
      NODE_OPTIONS: [boundedHeapNodeOptions(OPERATOR_DEFAULT_HEAP_MIB), extraEnv.NODE_OPTIONS].filter(Boolean).join(' '),
    },
  });
  const metricsUrl = `http://127.0.0.1:${port}`;
  await waitFor(`operator ${name} /healthz`, async () => ((await fetch(`${metricsUrl}/healthz`)).ok ? true : undefined), { timeoutMs: 60_000 });
  return { ...proc, metricsUrl };
}

/** The operators of one namespace, a leader and standbys, as a Deployment with 2 replicas would run them. */
export interface OperatorPair {
  kubeconfig: string;
  namespace: string;
  running: OperatorProcess[];
}

/** Who holds the operators' leader-election Lease: `<process name>_<random>`. */
export const leaseHolder = async (admin: KubeConfig, namespace: string): Promise<string> =>
  (await admin.makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace, name: 'kafka-mirror-operator' })).spec?.holderIdentity ?? '';

/** Starts two operator processes, the first one leading (the Lease's holderIdentity starts with the process name). */
export async function startOperatorPair(admin: KubeConfig, kubeconfig: string, namespace: string): Promise<OperatorPair> {
  const first = await startOperatorProcess(`operator-a-${namespace}`, kubeconfig, namespace);
  await waitFor('operator a to lead', async () => ((await leaseHolder(admin, namespace)).startsWith(`${first.name}_`) ? true : undefined), { timeoutMs: 60_000 });
  const second = await startOperatorProcess(`operator-b-${namespace}`, kubeconfig, namespace);
  return { kubeconfig, namespace, running: [first, second] };
}

export const stopOperator = (proc: ManagedProcess | undefined): Promise<void> => (proc ? stopProcess(proc, 10_000) : Promise.resolve());

/** The MirrorJob's status, read from the API server (not a cache). */
export async function readStatus(custom: CustomObjectsApi, namespace: string, name: string): Promise<MirrorJobStatus | undefined> {
  const job = (await custom.getNamespacedCustomObject({ ...jobRef, namespace, name })) as { status?: MirrorJobStatus };
  return job.status;
}

/** Waits until the job's status satisfies `test`; returns the status then. */
export function eventuallyStatus(custom: CustomObjectsApi, namespace: string, name: string, what: string, test: (status: MirrorJobStatus) => boolean, timeoutMs = 120_000): Promise<MirrorJobStatus> {
  return waitFor(
    `MirrorJob ${namespace}/${name}: ${what}`,
    async () => {
      const current = await readStatus(custom, namespace, name);
      return current && test(current) ? current : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** Waits for a condition of the job to have `status`; returns the whole status then. */
export function eventuallyCondition(custom: CustomObjectsApi, namespace: string, name: string, type: string, status = 'True', timeoutMs = 120_000): Promise<MirrorJobStatus> {
  return waitFor(
    `MirrorJob ${namespace}/${name} condition ${type}=${status}`,
    async () => {
      const current = await readStatus(custom, namespace, name);
      return current?.conditions?.some((c) => c.type === type && c.status === status) ? current : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** What every operator e2e file stands on, and what it must give back at the end. */
export interface OperatorGround {
  admin: KubeConfig;
  kubelet: ProcessKubelet;
  source: KafkaCluster;
  target: KafkaCluster;
  /** Operators the tests started; stopped by release(). */
  operators: OperatorProcess[];
  /** Per-namespace ClusterRoles the tests made; deleted by release(). */
  clusterRoles: string[];
  release(): Promise<void>;
}

/**
 * The shared control plane and Kafka clusters, the CRD, and a process kubelet that runs the project's
 * image (ENTRYPOINT `node main.ts`; the Pod's args pick the role). `kafka` gives other clusters:
 * a file that restarts brokers brings its own, so that other files' tests are not disturbed.
 */
export async function sharedOperatorGround(kafka: () => Promise<[KafkaCluster, KafkaCluster]> = () => Promise.all([sourceKafka(), targetKafka()])): Promise<OperatorGround> {
  const [plane, [source, target]] = await Promise.all([controlPlane(), kafka()]);
  const admin = await adminKubeConfig();
  await applyMirrorJobCrd(admin);
  const image = nodeScriptImage(join(projectRoot, 'main.ts'));
  const kubelet = await startProcessKubelet({ kubeconfig: plane.kubeconfig, mapImage: mapImages({ 'kafka-mirror-operator': image }) });
  const operators: OperatorProcess[] = [];
  const clusterRoles: string[] = [];
  return {
    admin,
    kubelet,
    source,
    target,
    operators,
    clusterRoles,
    async release() {
      await Promise.all(operators.map(stopOperator));
      await kubelet.stop();
      const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
      await Promise.all(clusterRoles.map((name) => rbac.deleteClusterRole({ name }).catch(() => undefined)));
    },
  };
}
