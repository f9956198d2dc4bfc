import { createHash } from 'node:crypto';
import type { ClusterConnection, MirrorJob } from '../src/api/index.ts';
import { resolveClusterAccess } from '../src/session/cluster-access.ts';
import { jobIdOf } from '../src/job/job-identity.ts';
import type { SecretReader } from '../src/session/secret-reader.ts';
import { type ClusterAccess, ClusterLink } from '../src/kafka/index.ts';
import { CheckpointFollower } from '../src/lag/checkpoint-follower.ts';
import { readJobProgressWith } from '../src/lag/job-progress.reader.ts';
import { jobTopics } from '../src/replication/checkpoints/internal-topics.ts';
import { reachFailure } from './cluster-reach.ts';
import { keyOf } from './informers.ts';
import type { ClusterReach, JobProgress, ProgressReader } from './progress-reader.port.ts';

/** Per cluster: a dead address must become ConnectionFailed well within the 30 s status promise. */
const CLUSTER_TIMEOUT_MS = 15_000;

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A link and what it was opened with: a changed Secret (a new password, a renewed certificate) must open a new one. */
interface KeptLink {
  fingerprint: string;
  link: ClusterLink;
}

/** What is kept of one job between its reconciles. */
interface KeptJob {
  uid: string;
  source?: KeptLink;
  target?: KeptLink;
  /** How far the job's checkpoints were read, on the target link it was read through. */
  checkpoints?: CheckpointFollower;
}

// Hashed, so what is compared and kept beside the link is no copy of a password or key.
const fingerprintOf = (access: ClusterAccess): string => createHash('sha256').update(JSON.stringify(access)).digest('hex');
const closeQuietly = (kept: KeptLink | undefined): void => void kept?.link.close().catch(() => undefined);

/**
 * The ProgressReader on src/lag (readJobProgressWith). Each cluster is probed first, so status can say
 * which one failed, and why. Every job is measured again each resync (15 s), so its two links and how
 * far its checkpoints were read are kept from one reconcile to the next: a new connection (and SASL
 * login) per cluster per job per resync, and the job's checkpoints read from their start each time,
 * cost the clusters and the operator in proportion to the number of jobs and their partitions. A
 * link that fails is closed and opened again at the next reconcile; so is one whose access changed.
 */
export class KeptProgressReader implements ProgressReader {
  readonly #jobs = new Map<string, KeptJob>();

  async read(job: MirrorJob, secrets: SecretReader): Promise<JobProgress> {
    const key = keyOf(job.metadata.namespace, job.metadata.name);
    const uid = job.metadata.uid ?? '';
    let kept = this.#jobs.get(key);
    if (kept?.uid !== uid) {
      this.#drop(key);
      kept = { uid };
      this.#jobs.set(key, kept);
    }
    const id = `kafka-mirror-operator-${jobIdOf(job)}`;
    const [source, target] = await Promise.all([this.#open(kept, 'source', job.spec.source, secrets, `${id}-source`), this.#open(kept, 'target', job.spec.target, secrets, `${id}-target`)]);
    if (!source.link || !target.link) return { source: source.reach, target: target.reach };
    kept.checkpoints ??= new CheckpointFollower(jobTopics(jobIdOf(job)));
    try {
      const measured = await within(CLUSTER_TIMEOUT_MS, readJobProgressWith(job, source.link, target.link, kept.checkpoints));
      return { source: source.reach, target: target.reach, measured };
    } catch (err) {
      // Nothing half-read is trusted next time: new links, the checkpoints from their start.
      this.#drop(key);
      throw err;
    }
  }

  /** Lets go of a job that is gone. */
  forget(key: string): void {
    this.#drop(key);
  }

  /** Lets go of every job but these (the ones still listed). */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.#jobs.keys()) if (!keys.has(key)) this.#drop(key);
  }

  /** Closes every link (the controller stops: leadership lost, or the process ends). */
  close(): void {
    for (const key of [...this.#jobs.keys()]) this.#drop(key);
  }

  #drop(key: string): void {
    const kept = this.#jobs.get(key);
    closeQuietly(kept?.source);
    closeQuietly(kept?.target);
    this.#jobs.delete(key);
  }

  /** The job's link to one cluster, kept or new, proven to answer (metadata, after SASL). */
  async #open(kept: KeptJob, side: 'source' | 'target', connection: ClusterConnection, secrets: SecretReader, clientId: string): Promise<{ reach: ClusterReach; link?: ClusterLink }> {
    let access: ClusterAccess | undefined;
    try {
      access = await resolveClusterAccess(connection, secrets);
      const fingerprint = fingerprintOf(access);
      if (kept[side]?.fingerprint !== fingerprint) {
        closeQuietly(kept[side]);
        kept[side] = { fingerprint, link: new ClusterLink(access, clientId) };
        // The checkpoints were read through the old target link, maybe from another cluster.
        if (side === 'target') delete kept.checkpoints;
      }
      const link = kept[side].link;
      await within(CLUSTER_TIMEOUT_MS, link.topics());
      return { reach: { connected: true }, link };
    } catch (err) {
      closeQuietly(kept[side]);
      delete kept[side];
      if (side === 'target') delete kept.checkpoints;
      return { reach: reachFailure(err, access) };
    }
  }
}
