import { join } from 'node:path';
import { adminCoreApi } from './clients.ts';
import { controlPlane } from './control-plane.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { runSubdir } from '../run-dir.ts';

/** A ServiceAccount that already exists; RBAC sees it as system:serviceaccount:<namespace>:<name>. */
export interface ServiceAccountIdentity {
  namespace: string;
  serviceAccount: string;
}

/**
 * A kubeconfig that speaks as an existing ServiceAccount, with a token from the TokenRequest API
 * (what a real Pod's projected token is). Chosen over static tokens in the API server's token file
 * because that file is read once at start-up, while tests create identities as they go, and because
 * RBAC then meets the same subject kind the operator's ServiceAccount is in production.
 */
export async function kubeconfigFor(identity: ServiceAccountIdentity, expirationSeconds = 3600): Promise<string> {
  const { server } = await controlPlane();
  const core = await adminCoreApi();
  const { namespace, serviceAccount } = identity;
  const request = await core.createNamespacedServiceAccountToken({
    name: serviceAccount,
    namespace,
    body: { spec: { audiences: ['https://kubernetes.default.svc'], expirationSeconds } },
  });
  const token = request.status?.token;
  if (!token) throw new Error(`TokenRequest for ${namespace}/${serviceAccount} returned no token`);
  const file = join(runSubdir('kubeconfigs'), `${namespace}.${serviceAccount}.kubeconfig`);
  return writeKubeconfig(file, { server, user: `system:serviceaccount:${namespace}:${serviceAccount}`, token });
}
