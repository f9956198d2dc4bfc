import { createHash } from 'node:crypto';

/** The Secret facts that enter the config hash; values never do (see configHash). */
export interface SecretVersion {
  name: string;
  uid: string;
  resourceVersion: string;
}

/**
 * A digest of what a worker reads at start: the job file and the referenced Secrets. Secrets enter by
 * uid and resourceVersion, not by content: a digest of a password in a Pod annotation would let anyone
 * who can read Pods test guesses offline. The cost is a roll when only a Secret's labels change.
 */
export function configHash(jobFileContent: string, secrets: readonly SecretVersion[]): string {
  const hash = createHash('sha256').update(jobFileContent);
  for (const s of [...secrets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    hash.update(`\0${s.name}\0${s.uid}\0${s.resourceVersion}`);
  }
  return hash.digest('hex').slice(0, 32);
}

/** What the StatefulSet in the cluster says about the revision in force. */
export interface RevisionInForce {
  hash?: string;
  revision?: number;
}

/**
 * KMO_REVISION for a config: unchanged while the config is unchanged, otherwise larger than any
 * revision before it. Workers fence every older revision (src/replication/generation.ts), so a
 * revision must never go back: the clock alone could (a skewed or restarted operator host), hence
 * `previous + 1` as the floor. The clock keeps it larger than revisions of a deleted and
 * re-created StatefulSet, whose annotation is gone but whose generation record is still on the target.
 */
export function nextRevision(inForce: RevisionInForce | undefined, hash: string, nowMs: number): number {
  const previous = inForce?.revision;
  if (previous !== undefined && Number.isSafeInteger(previous) && inForce?.hash === hash) return previous;
  return Math.max(nowMs, (previous ?? 0) + 1);
}

/** Reads the revision annotations of an observed StatefulSet. */
export function revisionInForce(annotations: Record<string, string> | undefined, keys: { hash: string; revision: string }): RevisionInForce | undefined {
  if (!annotations) return undefined;
  const revision = Number(annotations[keys.revision]);
  return { hash: annotations[keys.hash], ...(Number.isSafeInteger(revision) && revision > 0 ? { revision } : {}) };
}
