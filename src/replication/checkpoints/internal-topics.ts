/**
 * The job's own topics on the target. Written only inside the job's transactions, together with the
 * mirrored records they describe, so they are exactly as current as the data:
 * - checkpoints (compacted): per source partition, the latest copied range; a restarted worker resumes
 *   from it. Also the generation record that fences workers of an older configuration.
 * - offset map (time-retained): every copied range, the log that exact group-offset translation reads.
 * - offset index and offset directory (compacted): the offset map's runs sealed into segments by
 *   worker 0, and per partition where its segments are, so a restart reads the directory and the
 *   offset map's last minutes instead of its whole history (decision 0003, offset-map/).
 */
export interface JobTopics {
  checkpoints: string;
  offsetMap: string;
  offsetIndex: string;
  offsetDirectory: string;
}

/** Every topic name that is the internal state of some mirror job, ours or another's. */
export const INTERNAL_TOPIC_PREFIX = '__kafka-mirror.';

export function jobTopics(jobId: string): JobTopics {
  const safe = jobId.replace(/[^a-zA-Z0-9._-]/g, '-');
  const name = (suffix: string): string => `${INTERNAL_TOPIC_PREFIX}${safe}.${suffix}`;
  return { checkpoints: name('checkpoints'), offsetMap: name('offset-map'), offsetIndex: name('offset-index'), offsetDirectory: name('offset-directory') };
}

/**
 * A round's progress goes out as one batch per internal topic, and a batch must fit the topic's
 * max.message.bytes: with thousands of partitions (and compaction gaps, one run each) it can pass the
 * 1 MB default, so the job's own topics allow 64 MiB.
 */
const LARGE_BATCHES = { 'max.message.bytes': String(64 * 1024 * 1024) };

export const checkpointTopicConfigs: Record<string, string> = {
  ...LARGE_BATCHES,
  'cleanup.policy': 'compact',
  // Roll often so compaction keeps the topic about one record per partition.
  'segment.ms': '600000',
  'min.cleanable.dirty.ratio': '0.1',
};

export const offsetMapTopicConfigs: Record<string, string> = {
  ...LARGE_BATCHES,
  'cleanup.policy': 'delete',
  // Long enough for any consumer group that lags by days; groups older than this re-read from earliest.
  'retention.ms': String(14 * 24 * 3600 * 1000),
};

/**
 * Segments live as long as the source holds their offsets (worker 0 tombstones the rest), so the
 * index compacts only away what a merge or prune replaced; deletes are kept a day for a reader that is
 * mid-way through.
 */
export const offsetIndexTopicConfigs: Record<string, string> = {
  ...LARGE_BATCHES,
  'cleanup.policy': 'compact',
  'segment.ms': '3600000',
  'min.cleanable.dirty.ratio': '0.5',
};

/** Rewritten per partition at every seal and read whole on restart: compacted often, as the checkpoints. */
export const offsetDirectoryTopicConfigs: Record<string, string> = checkpointTopicConfigs;
