import type { ClusterConnection, MirrorJob } from '../src/api/index.ts';
import { resolveClusterAccess } from '../src/session/cluster-access.ts';
import { jobIdOf } from '../src/job/job-identity.ts';
import type { SecretReader } from '../src/session/secret-reader.ts';
import { type ClusterAccess, ClusterLink } from '../src/kafka/index.ts';
import { readJobProgressWith } from '../src/lag/job-progress.reader.ts';
import { reachFailure } from './cluster-reach.ts';
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

/** Opens one cluster and proves it answers (metadata, after SASL); the link is closed by the caller. */
async function open(connection: ClusterConnection, secrets: SecretReader, clientId: string): Promise<{ reach: ClusterReach; link?: ClusterLink }> {
  let access: ClusterAccess | undefined;
  try {
    access = await resolveClusterAccess(connection, secrets);
    const link = new ClusterLink(access, clientId);
    try {
      await within(CLUSTER_TIMEOUT_MS, link.topics());
      return { reach: { connected: true }, link };
    } catch (err) {
      void link.close().catch(() => undefined);
      throw err;
    }
  } catch (err) {
    return { reach: reachFailure(err, access) };
  }
}

/**
 * The ProgressReader on src/lag (readJobProgressWith), which throws when a cluster cannot be
 * read: each cluster is opened and probed first, so status can say which one failed, and why.
 */
export const readJobProgressWithReach: ProgressReader = async (job: MirrorJob, secrets: SecretReader): Promise<JobProgress> => {
  const id = `kafka-mirror-operator-${jobIdOf(job)}`;
  const [source, target] = await Promise.all([open(job.spec.source, secrets, `${id}-source`), open(job.spec.target, secrets, `${id}-target`)]);
  try {
    if (!source.link || !target.link) return { source: source.reach, target: target.reach };
    const measured = await within(CLUSTER_TIMEOUT_MS, readJobProgressWith(job, source.link, target.link));
    return { source: source.reach, target: target.reach, measured };
  } finally {
    await Promise.allSettled([source.link?.close(), target.link?.close()]);
  }
};
