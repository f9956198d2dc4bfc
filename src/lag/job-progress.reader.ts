import type { MirrorJob } from '../api/index.ts';
import { resolveClusterAccess } from '../session/cluster-access.ts';
import { jobIdOf, replicationConfigOf } from '../session/replication-config.builder.ts';
import type { SecretReader } from '../session/secret-reader.ts';
import { ClusterLink } from '../kafka/wire/cluster-link.ts';
import { EARLIEST, LATEST, listOffsets } from '../kafka/wire/list-offsets.ts';
import { isInternalTopic } from '../job/topic-selection.ts';
import { partitionKey } from '../replication/assignment.ts';
import { CheckpointStore } from '../replication/checkpoints/checkpoints.store.ts';
import { jobTopics } from '../replication/checkpoints/internal-topics.ts';

/** How far a job has come, read from Kafka itself: true whether or not any worker is running. */
export interface JobProgress {
  topics: { matched: number; created: number };
  partitions: { total: number; caughtUp: number };
  /** Source records (up to the last stable offset) not yet copied. */
  recordsBehind: number;
  /** Records copied since the job began, from the job's checkpoints. */
  recordsCopied: number;
  maxPartitionRecordsBehind: number;
  /** Records behind per source topic, largest first. */
  behindByTopic: Array<{ name: string; records: number }>;
}

/**
 * Compares the source's last stable offsets with the job's checkpoints on the target. A partition
 * with no checkpoint yet counts from its log start (startFrom Earliest) or as caught up (Latest: the
 * job copies only what comes after it starts).
 */
export async function readJobProgressWith(job: MirrorJob, source: ClusterLink, target: ClusterLink): Promise<JobProgress> {
  const select = replicationConfigOf(job, { index: 0, revision: 0 });
  const sourceTopics = [...(await source.topics())].filter(([t]) => !isInternalTopic(t) && select.selectTopic(t));
  const targetTopics = await target.topics();
  const topicsOnTarget = new Set(targetTopics.keys());
  const hasProgress = topicsOnTarget.has(jobTopics(jobIdOf(job)).checkpoints);
  const { checkpoints } = hasProgress ? await new CheckpointStore(target, jobTopics(jobIdOf(job))).read() : { checkpoints: new Map() };
  const partitions = sourceTopics.flatMap(([topic, count]) => Array.from({ length: count }, (_, partition) => ({ topic, partition })));
  const [ends, starts] = await Promise.all([listOffsets(source, partitions, LATEST), listOffsets(source, partitions, EARLIEST)]);
  let recordsBehind = 0;
  let recordsCopied = 0;
  let max = 0;
  let caughtUp = 0;
  const byTopic = new Map<string, number>();
  for (const p of partitions) {
    const key = partitionKey(p);
    const end = ends.get(key) ?? 0;
    recordsCopied += checkpoints.get(key)?.copied ?? 0;
    const position = checkpoints.get(key)?.end ?? (job.spec.replication.startFrom === 'Earliest' ? (starts.get(key) ?? 0) : end);
    const behind = Math.max(0, end - position);
    recordsBehind += behind;
    max = Math.max(max, behind);
    if (behind === 0) caughtUp++;
    byTopic.set(p.topic, (byTopic.get(p.topic) ?? 0) + behind);
  }
  return {
    topics: { matched: sourceTopics.length, created: sourceTopics.filter(([t]) => topicsOnTarget.has(select.targetTopic(t))).length },
    partitions: { total: partitions.length, caughtUp },
    recordsBehind,
    recordsCopied,
    maxPartitionRecordsBehind: max,
    behindByTopic: [...byTopic].map(([name, records]) => ({ name, records })).sort((a, b) => b.records - a.records || a.name.localeCompare(b.name)),
  };
}

/** The same, opening and closing its own connections; Secrets resolved through `secrets`. */
export async function readJobProgress(job: MirrorJob, secrets: SecretReader): Promise<JobProgress> {
  const source = new ClusterLink(await resolveClusterAccess(job.spec.source, secrets), `kafka-mirror-${jobIdOf(job)}-progress-source`);
  const target = new ClusterLink(await resolveClusterAccess(job.spec.target, secrets), `kafka-mirror-${jobIdOf(job)}-progress-target`);
  try {
    return await readJobProgressWith(job, source, target);
  } finally {
    await Promise.allSettled([source.close(), target.close()]);
  }
}
