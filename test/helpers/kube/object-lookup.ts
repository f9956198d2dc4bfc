import type { CoreV1Api } from '@kubernetes/client-node';

/**
 * Reads the Secrets and ConfigMaps a Pod refers to, decoded to bytes (a Secret may hold a keystore);
 * undefined when the object does not exist.
 */
export interface ObjectLookup {
  secret(namespace: string, name: string): Promise<Record<string, Buffer> | undefined>;
  configMap(namespace: string, name: string): Promise<Record<string, Buffer> | undefined>;
}

const isNotFound = (err: unknown): boolean => (err as { code?: number }).code === 404;

/** Straight from the API server on every container start, as a kubelet does (no cache to go stale). */
export function apiObjectLookup(core: CoreV1Api): ObjectLookup {
  return {
    async secret(namespace, name) {
      try {
        const secret = await core.readNamespacedSecret({ namespace, name });
        const decoded: Record<string, Buffer> = {};
        for (const [key, value] of Object.entries(secret.data ?? {})) decoded[key] = Buffer.from(value, 'base64');
        return decoded;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async configMap(namespace, name) {
      try {
        const cm = await core.readNamespacedConfigMap({ namespace, name });
        const data: Record<string, Buffer> = {};
        for (const [key, value] of Object.entries(cm.data ?? {})) data[key] = Buffer.from(value, 'utf8');
        for (const [key, value] of Object.entries(cm.binaryData ?? {})) data[key] = Buffer.from(value, 'base64');
        return data;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
  };
}

/** A Pod that cannot start yet because of its configuration; Kubernetes' reason is CreateContainerConfigError. */
export class ContainerConfigError extends Error {
  readonly reason = 'CreateContainerConfigError';
}
