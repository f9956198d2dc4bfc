import type { MirrorJob } from '../api/index.ts';
import { jobIdOf } from '../job/job-identity.ts';
import { targetTopicName } from '../job/topic-naming.ts';
import { topicMatcher } from '../job/topic-selection.ts';
import { type ClusterLink, EARLIEST, LATEST } from '../kafka/index.ts';
import { partitionKey } from '../replication/assignment.ts';
import { jobTopics } from '../replication/checkpoints/internal-topics.ts';
import type { CopiedRange } from '../replication/checkpoints/progress-records.ts';
import { CheckpointFollower } from './checkpoint-follower.ts';

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
 * job copies only what comes after it starts). A reader that measures the same job again passes the
 * same `checkpoints` follower, which reads only what was written since.
 */
export async function readJobProgressWith(job: MirrorJob, source: ClusterLink, target: ClusterLink, checkpoints = new CheckpointFollower(jobTopics(jobIdOf(job)))): Promise<JobProgress> {
  const mirrored = topicMatcher(job.spec.topics);
  const sourceTopics = [...(await source.topics())].filter(([t]) => mirrored(t));
  const progressTopic = jobTopics(jobIdOf(job)).checkpoints;
  // Only the job's topics: the operator asks this of every job every 15 s, often of one shared target.
  const targetTopics = await target.topics([progressTopic, ...sourceTopics.map(([t]) => targetTopicName(job.spec.topics.naming, t))]);
  const topicsOnTarget = new Set(targetTopics.keys());
  const hasProgress = topicsOnTarget.has(progressTopic);
  const stored = hasProgress ? (await checkpoints.read(target)).checkpoints : new Map<string, CopiedRange>();
  const partitions = sourceTopics.flatMap(([topic, count]) => Array.from({ length: count }, (_, partition) => ({ topic, partition })));
  const [ends, starts] = await Promise.all([source.listOffsets(partitions, LATEST), source.listOffsets(partitions, EARLIEST)]);
  let recordsBehind = 0;
  let recordsCopied = 0;
  let max = 0;
  let caughtUp = 0;
  const byTopic = new Map<string, number>();
  for (const p of partitions) {
    const key = partitionKey(p);
    const end = ends.get(key) ?? 0;
    recordsCopied += stored.get(key)?.copied ?? 0;
    const position = stored.get(key)?.end ?? (job.spec.replication.startFrom === 'Earliest' ? (starts.get(key) ?? 0) : end);
    const behind = Math.max(0, end - position);
    recordsBehind += behind;
    max = Math.max(max, behind);
    if (behind === 0) caughtUp++;
    byTopic.set(p.topic, (byTopic.get(p.topic) ?? 0) + behind);
  }
  return {
    topics: { matched: sourceTopics.length, created: sourceTopics.filter(([t]) => topicsOnTarget.has(targetTopicName(job.spec.topics.naming, t))).length },
    partitions: { total: partitions.length, caughtUp },
    recordsBehind,
    recordsCopied,
    maxPartitionRecordsBehind: max,
    behindByTopic: [...byTopic].map(([name, records]) => ({ name, records })).sort((a, b) => b.records - a.records || a.name.localeCompare(b.name)),
  };
}
