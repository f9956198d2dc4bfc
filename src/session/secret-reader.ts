import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Reads one key of a Secret the job references. Errors name the Secret and key, never a value. */
export interface SecretReader {
  read(secretName: string, key: string): Promise<string>;
}

/** Secrets mounted as folders: `<dir>/<secret name>/<key>` (Kubernetes Secret volumes, or files for the CLI). */
export function directorySecretReader(dir: string): SecretReader {
  return {
    async read(secretName, key) {
      try {
        return await readFile(join(dir, secretName, key), 'utf8');
      } catch {
        throw new Error(`Secret "${secretName}" has no key "${key}" (looked in ${join(dir, secretName)})`);
      }
    },
  };
}

/** Secrets from Kubernetes Secret manifests (data base64, or stringData), as the CLI reads them from files. */
export function manifestSecretReader(secrets: Array<{ metadata?: { name?: string }; data?: Record<string, string>; stringData?: Record<string, string> }>): SecretReader {
  return {
    async read(secretName, key) {
      const secret = secrets.find((s) => s.metadata?.name === secretName);
      if (!secret) throw new Error(`Secret "${secretName}" is not among the Secret manifests given`);
      const plain = secret.stringData?.[key];
      if (plain !== undefined) return plain;
      const encoded = secret.data?.[key];
      if (encoded === undefined) throw new Error(`Secret "${secretName}" has no key "${key}"`);
      return Buffer.from(encoded, 'base64').toString('utf8');
    },
  };
}
