import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { ContainerConfigError, type ObjectLookup } from './object-lookup.ts';

/** Where the Pod runs: what the downward API's status fields resolve to. */
export interface PodAddresses {
  podIP: string;
  hostIP: string;
}

/** A C identifier, what a shell accepts; envFrom skips other keys, as the kubelet does (with an event). */
const validEnvName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * The container's environment as Kubernetes builds it: envFrom sources first, then env entries, later
 * ones winning; `$(NAME)` in a value expands to a variable defined before it. A missing Secret,
 * ConfigMap or key that is not `optional` fails the start (CreateContainerConfigError) and is retried.
 */
export async function resolveEnv(pod: V1Pod, container: V1Container, lookup: ObjectLookup, addresses: PodAddresses): Promise<Record<string, string>> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const ref = source.secretRef ?? source.configMapRef;
    if (!ref?.name) continue;
    const kind = source.secretRef ? 'Secret' : 'ConfigMap';
    const data = source.secretRef ? await lookup.secret(namespace, ref.name) : await lookup.configMap(namespace, ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new ContainerConfigError(`${kind} "${ref.name}" not found`);
    }
    for (const [key, value] of Object.entries(data)) {
      const name = `${source.prefix ?? ''}${key}`;
      if (validEnvName.test(name)) env[name] = value.toString('utf8');
    }
  }
  for (const entry of container.env ?? []) {
    const value = entry.valueFrom ? await resolveValueFrom(pod, entry.name, entry.valueFrom, lookup, addresses) : expandReferences(entry.value ?? '', env);
    if (value !== undefined) env[entry.name] = value;
  }
  return env;
}

async function resolveValueFrom(
  pod: V1Pod,
  name: string,
  from: NonNullable<NonNullable<V1Container['env']>[number]['valueFrom']>,
  lookup: ObjectLookup,
  addresses: PodAddresses,
): Promise<string | undefined> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const keyRef = from.secretKeyRef ?? from.configMapKeyRef;
  if (keyRef) {
    const kind = from.secretKeyRef ? 'Secret' : 'ConfigMap';
    const refName = keyRef.name ?? '';
    const data = from.secretKeyRef ? await lookup.secret(namespace, refName) : await lookup.configMap(namespace, refName);
    const value = data?.[keyRef.key];
    if (value !== undefined) return value.toString('utf8');
    if (keyRef.optional) return undefined;
    throw new ContainerConfigError(data ? `couldn't find key ${keyRef.key} in ${kind} ${namespace}/${refName}` : `${kind.toLowerCase()} "${refName}" not found`);
  }
  if (from.fieldRef) return fieldValue(pod, from.fieldRef.fieldPath, addresses);
  throw new ContainerConfigError(`env ${name}: only value, secretKeyRef, configMapKeyRef and fieldRef are supported by the process kubelet`);
}

/** The downward API's fieldRef paths (https://kubernetes.io/docs/concepts/workloads/pods/downward-api/). */
export function fieldValue(pod: V1Pod, fieldPath: string, addresses: PodAddresses): string {
  const keyed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (keyed) return (keyed[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations)?.[keyed[2] ?? ''] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata?.name ?? '';
    case 'metadata.namespace':
      return pod.metadata?.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata?.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? 'default';
    case 'status.podIP':
    case 'status.podIPs':
      return addresses.podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return addresses.hostIP;
    default:
      throw new ContainerConfigError(`fieldRef ${fieldPath} is not supported by the process kubelet`);
  }
}

/**
 * Kubernetes' `$(VAR)` expansion in env values, command and args: a defined variable is replaced, an
 * undefined reference stays as written, and `$$` escapes a dollar.
 */
export function expandReferences(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && name in vars ? (vars[name] ?? match) : match;
  });
}
