import type { V1Secret } from '@kubernetes/client-node';
import { MirrorError } from '../src/errors/mirror-error.ts';
import type { SecretReader } from '../src/session/secret-reader.ts';
import type { SecretVersion } from './worker-revision.ts';

/** Thrown for a missing Secret or key; not retriable: it waits for the Secret (the resync sees it). */
export class SecretNotFoundError extends MirrorError {
  constructor(message: string) {
    super(message, { reason: 'SecretNotFound', retriable: false });
  }
}

/**
 * The job's Secrets read from the API server once per reconcile: the same objects give the config
 * hash (their versions) and the progress reader's credentials (their values), so the two never
 * disagree. Messages name the Secret and key, never a value.
 */
export class KubeSecretReader implements SecretReader {
  readonly #namespace: string;
  readonly #fetch: (namespace: string, name: string) => Promise<V1Secret | undefined>;
  readonly #secrets = new Map<string, Promise<V1Secret | undefined>>();

  constructor(namespace: string, fetch: (namespace: string, name: string) => Promise<V1Secret | undefined>) {
    this.#namespace = namespace;
    this.#fetch = fetch;
  }

  #get(name: string): Promise<V1Secret | undefined> {
    let secret = this.#secrets.get(name);
    if (!secret) {
      secret = this.#fetch(this.#namespace, name);
      this.#secrets.set(name, secret);
    }
    return secret;
  }

  async read(secretName: string, key: string): Promise<string> {
    const secret = await this.#get(secretName);
    if (!secret) throw new SecretNotFoundError(`Secret "${secretName}" (key "${key}") does not exist in namespace ${this.#namespace}`);
    const encoded = secret.data?.[key];
    if (encoded === undefined) throw new SecretNotFoundError(`Secret "${secretName}" in namespace ${this.#namespace} has no key "${key}"`);
    return Buffer.from(encoded, 'base64').toString('utf8');
  }

  /** uid and resourceVersion of each Secret; a missing one counts as version "missing", so creating it rolls the workers. */
  async versions(names: readonly string[]): Promise<SecretVersion[]> {
    return Promise.all(
      names.map(async (name) => {
        const secret = await this.#get(name);
        return { name, uid: secret?.metadata?.uid ?? 'missing', resourceVersion: secret?.metadata?.resourceVersion ?? 'missing' };
      }),
    );
  }
}
