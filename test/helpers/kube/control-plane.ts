import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../ports.ts';
import { startProcess, stopProcess, waitFor } from '../processes.ts';
import { memoized, sharedService } from '../shared-service.ts';
import { kubeBinary } from './binaries.ts';
import { httpsGet } from './https-get.ts';
import { writeKubeconfig } from './kubeconfig.ts';

const run = promisify(execFile);

/**
 * A running control plane: etcd, kube-apiserver, kube-controller-manager and kube-scheduler, the real
 * binaries (scripts/install-kube.sh). Plain data, so Jest workers share it as JSON. There is no kubelet:
 * tests that need Pods to run start a process kubelet (process-kubelet.ts).
 */
export interface ControlPlane {
  /** Names its processes' logs: <run>/logs/<name>-apiserver.log, ... */
  name: string;
  dir: string;
  /** https://127.0.0.1:<port> */
  server: string;
  /** An admin (system:masters) kubeconfig. */
  kubeconfig: string;
  adminToken: string;
  ports: { etcd: number; etcdPeer: number; apiServer: number; controllerManager: number; scheduler: number };
  pids: { etcd: number; apiServer: number; controllerManager: number; scheduler: number };
  /** The API server's arguments, so that a fault test can restart it as it was (restartApiServer). */
  apiServerArgs: string[];
  /** Milliseconds from the first process start to every component being healthy. */
  startMs: number;
}

/** The control plane of this test run, started by the first test that asks and shared by every worker. */
export const controlPlane = memoized(() => sharedService('kube-control-plane', startControlPlane));

/**
 * Controllers that need a cloud, a kubelet or an IPAM we do not have. The node lifecycle controller
 * would taint our kubelet-less Nodes as unreachable; the garbage collector, StatefulSet, namespace and
 * pod-GC controllers stay on, because tests rely on them for real.
 */
const disabledControllers = ['nodeipam', 'nodelifecycle', 'service-lb-controller', 'cloud-node-lifecycle', 'persistentvolume-binder', 'attachdetach'];

export async function startControlPlane(dir: string, name = basename(dir)): Promise<ControlPlane> {
  mkdirSync(dir, { recursive: true });
  const began = Date.now();
  const ports = {
    etcd: await freePort(),
    etcdPeer: await freePort(),
    apiServer: await freePort(),
    controllerManager: await freePort(),
    scheduler: await freePort(),
  };
  const adminToken = randomBytes(24).toString('hex');
  const server = `https://127.0.0.1:${ports.apiServer}`;
  const kubeconfig = writeKubeconfig(join(dir, 'admin.kubeconfig'), { server, user: 'admin', token: adminToken });
  // The API server signs ServiceAccount tokens (TokenRequest) with this key and checks them with its public half.
  const saKey = join(dir, 'sa.key');
  const saPub = join(dir, 'sa.pub');
  await run('openssl', ['genrsa', '-out', saKey, '2048']);
  await run('openssl', ['rsa', '-in', saKey, '-pubout', '-out', saPub]);
  const tokens = join(dir, 'tokens.csv');
  writeFileSync(tokens, `${adminToken},admin,admin,"system:masters"\n`, { mode: 0o600 });

  const etcd = startProcess(`${name}-etcd`, kubeBinary('etcd'), [
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=http://127.0.0.1:${ports.etcd}`,
    `--advertise-client-urls=http://127.0.0.1:${ports.etcd}`,
    `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-cluster=default=http://127.0.0.1:${ports.etcdPeer}`,
    '--log-level=warn',
    // Tests write little; a small backend quota and no fsync wait keep etcd light on a shared machine.
    '--quota-backend-bytes=1073741824',
    '--unsafe-no-fsync',
  ]);
  await waitFor('etcd', async () => ((await fetch(`http://127.0.0.1:${ports.etcd}/health`)).ok ? true : undefined), { timeoutMs: 60_000, intervalMs: 100 });

  const apiServerArgs = [
    `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
    `--cert-dir=${join(dir, 'apiserver-certs')}`,
    `--secure-port=${ports.apiServer}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    '--service-cluster-ip-range=10.0.0.0/24',
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${saPub}`,
    `--service-account-signing-key-file=${saKey}`,
    '--authorization-mode=RBAC',
    `--token-auth-file=${tokens}`,
    // No kubelet mounts ServiceAccount tokens, so the plugin that adds those volumes stays off.
    '--disable-admission-plugins=ServiceAccount',
    // PodNodeSelector lets a namespace pin its Pods to one process kubelet's Node (freshNamespace).
    '--enable-admission-plugins=PodNodeSelector',
    '--allow-privileged=true',
    '--profiling=false',
  ];
  const apiServer = startProcess(`${name}-apiserver`, kubeBinary('kube-apiserver'), apiServerArgs);
  await waitForApiServer(server, adminToken);

  const clientFlags = [`--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`, '--leader-elect=false', '--bind-address=127.0.0.1'];
  const controllerManager = startProcess(`${name}-controller-manager`, kubeBinary('kube-controller-manager'), [
    ...clientFlags,
    `--secure-port=${ports.controllerManager}`,
    `--service-account-private-key-file=${saKey}`,
    `--controllers=*,${disabledControllers.map((c) => `-${c}`).join(',')}`,
    // Garbage collection and StatefulSet reconciles are what tests wait on; more workers than one per kind.
    '--concurrent-gc-syncs=5',
  ]);
  const scheduler = startProcess(`${name}-scheduler`, kubeBinary('kube-scheduler'), [...clientFlags, `--secure-port=${ports.scheduler}`]);
  await Promise.all([
    waitForHealthz('kube-controller-manager', ports.controllerManager),
    waitForHealthz('kube-scheduler', ports.scheduler),
  ]);
  return {
    name,
    dir,
    server,
    kubeconfig,
    adminToken,
    ports,
    pids: { etcd: etcd.pid, apiServer: apiServer.pid, controllerManager: controllerManager.pid, scheduler: scheduler.pid },
    apiServerArgs,
    startMs: Date.now() - began,
  };
}

/**
 * Stops the API server and starts it again on the same port and etcd, for tests of what survives an
 * API server outage (watches, the operator). Never on the shared control plane: other files use it.
 */
export async function restartApiServer(cp: ControlPlane, downMs = 0): Promise<ControlPlane> {
  // With watches open it lingers after its shutdown steps until SIGKILL; its state is all in etcd anyway.
  await stopProcess({ pid: cp.pids.apiServer }, 2_000);
  if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
  const apiServer = startProcess(`${cp.name}-apiserver`, kubeBinary('kube-apiserver'), cp.apiServerArgs);
  await waitForApiServer(cp.server, cp.adminToken);
  return { ...cp, pids: { ...cp.pids, apiServer: apiServer.pid } };
}

function waitForApiServer(server: string, token: string): Promise<true> {
  return waitFor(`kube-apiserver /readyz at ${server}`, async () => ((await httpsGet(`${server}/readyz`, token)).status === 200 ? true : undefined), {
    timeoutMs: 60_000,
    intervalMs: 200,
  });
}

function waitForHealthz(name: string, port: number): Promise<true> {
  return waitFor(`${name} /healthz on ${port}`, async () => ((await httpsGet(`https://127.0.0.1:${port}/healthz`)).status === 200 ? true : undefined), {
    timeoutMs: 60_000,
    intervalMs: 200,
  });
}
