import { AppsV1Api, type KubeConfig } from '@kubernetes/client-node';
import { childNames } from '../../operator/names.ts';
import { waitFor } from '../helpers/processes.ts';
import { kubectl } from '../helpers/kube/clients.ts';
import type { ProcessKubelet } from '../helpers/kube/process-kubelet.ts';
import { leaseHolder, startOperatorProcess, type OperatorPair } from './operator-harness.ts';

/** The faults a soak does to a MirrorJob on the operator ground; each returns what it saw, for the report. */

/** SIGKILLs one running worker process of the namespace, picked at random; the process kubelet restarts it. */
export function killRandomWorker(kubelet: ProcessKubelet, namespace: string): string {
  const workers = [...kubelet.processes()].filter(([pod]) => pod.startsWith(`${namespace}/`));
  const picked = workers[Math.floor(Math.random() * workers.length)];
  if (!picked) return 'no worker process running (all restarting): nothing to kill';
  const [pod, pid] = picked;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return `${pod} (pid ${pid}) had already exited`;
  }
  return `${pod.split('/')[1]} (pid ${pid})`;
}

/** `kubectl scale` on the MirrorJob's scale subresource, then waits for the operator to size the StatefulSet. */
export async function scaleWorkers(admin: KubeConfig, namespace: string, job: string, replicas: number): Promise<string> {
  await kubectl(['-n', namespace, 'scale', `mirrorjob/${job}`, `--replicas=${replicas}`]);
  const apps = admin.makeApiClient(AppsV1Api);
  const name = childNames({ metadata: { name: job } }).statefulSet;
  await waitFor(`the StatefulSet ${name} sized to ${replicas}`, async () => ((await apps.readNamespacedStatefulSet({ namespace, name })).spec?.replicas === replicas ? true : undefined), { timeoutMs: 120_000, intervalMs: 500 });
  return `StatefulSet sized to ${replicas} by the operator`;
}

/**
 * SIGKILLs the leading operator, waits for a standby to take the Lease, then starts a new standby (the
 * Deployment replacing its Pod), so that two run again.
 */
export async function killLeader(admin: KubeConfig, pair: OperatorPair, replacement: string): Promise<string> {
  const holder = await leaseHolder(admin, pair.namespace);
  const leader = pair.running.find((p) => holder.startsWith(`${p.name}_`));
  if (!leader) throw new Error(`the Lease is held by ${holder || 'nobody'}, not by one of the operators started`);
  process.kill(leader.pid, 'SIGKILL');
  const killed = Date.now();
  pair.running = pair.running.filter((p) => p !== leader);
  const next = await waitFor('a standby to take the Lease', async () => {
    const now = await leaseHolder(admin, pair.namespace);
    return pair.running.find((p) => now.startsWith(`${p.name}_`));
  }, { timeoutMs: 60_000, intervalMs: 200 });
  const handoverMs = Date.now() - killed;
  pair.running.push(await startOperatorProcess(`operator-${replacement}-${pair.namespace}`, pair.kubeconfig, pair.namespace));
  return `killed ${leader.name}; ${next.name} took the Lease after ${handoverMs} ms`;
}
