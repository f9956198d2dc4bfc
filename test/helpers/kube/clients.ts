import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { kubeBinary } from './binaries.ts';
import { controlPlane } from './control-plane.ts';
import { loadKubeConfig } from './kubeconfig.ts';

const run = promisify(execFile);

/** The admin client configuration of the shared control plane (starts it on first use). */
export async function adminKubeConfig(): Promise<KubeConfig> {
  return loadKubeConfig((await controlPlane()).kubeconfig);
}

export async function adminCoreApi(): Promise<CoreV1Api> {
  return (await adminKubeConfig()).makeApiClient(CoreV1Api);
}

/**
 * Runs the real kubectl against the shared control plane (admin unless another kubeconfig is given);
 * resolves with its stdout, rejects with its stderr in the message.
 */
export async function kubectl(args: string[], options: { kubeconfig?: string; stdin?: string } = {}): Promise<string> {
  return (await kubectlWithWarnings(args, options)).stdout;
}

/** kubectl, also giving back its stderr: where it prints the API server's warnings ("Warning: would violate PodSecurity ..."). */
export async function kubectlWithWarnings(args: string[], options: { kubeconfig?: string; stdin?: string } = {}): Promise<{ stdout: string; stderr: string }> {
  const kubeconfig = options.kubeconfig ?? (await controlPlane()).kubeconfig;
  const child = run(kubeBinary('kubectl'), [`--kubeconfig=${kubeconfig}`, ...args], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  if (options.stdin !== undefined) child.child.stdin?.end(options.stdin);
  try {
    return await child;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`kubectl ${args.join(' ')} failed: ${stderr || String(err)}`, { cause: err });
  }
}
