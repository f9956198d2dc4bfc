import type { MirrorJob } from '../api/index.ts';
import { jobIdOf } from '../job/job-identity.ts';
import { targetTopicNamer } from '../job/topic-naming.ts';
import { topicMatcher } from '../job/topic-selection.ts';
import type { ReplicationConfig } from '../replication/replication-config.ts';
import { defaultFetchLimits, type FetchLimits } from '../replication/source/source.reader.ts';

/** A worker's replication config from its MirrorJob. */
export function replicationConfigOf(job: MirrorJob, worker: { index: number; revision: number }): ReplicationConfig {
  const { topics, replication } = job.spec;
  return {
    jobId: jobIdOf(job),
    workerIndex: worker.index,
    workerCount: replication.workers,
    revision: worker.revision,
    delivery: replication.delivery,
    startFrom: replication.startFrom,
    commitIntervalMs: replication.commitIntervalMs,
    selectTopic: topicMatcher(topics),
    targetTopic: targetTopicNamer(topics.naming),
    metadataRefreshMs: job.spec.syncIntervalSeconds * 1000,
    fetch: replication.maxBytesPerSecond ? limitedFetch(replication.maxBytesPerSecond / replication.workers) : defaultFetchLimits,
    ...(replication.maxBytesPerSecond ? { maxBytesPerSecond: replication.maxBytesPerSecond / replication.workers } : {}),
  };
}

/** Under a throughput limit one fetch holds at most about a second's worth, so pauses stay short and even. */
function limitedFetch(bytesPerSecond: number): FetchLimits {
  const cap = Math.max(64 * 1024, Math.floor(bytesPerSecond));
  return { ...defaultFetchLimits, maxBytes: Math.min(defaultFetchLimits.maxBytes, cap), partitionMaxBytes: Math.min(defaultFetchLimits.partitionMaxBytes, cap) };
}
