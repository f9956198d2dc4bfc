import type { JobProgress } from '../../lag/job-progress.reader.ts';
import { formatCount, plural, renderTable } from './table.ts';

/** How many topics the table lists; the summary line counts them all. */
const SHOWN_TOPICS = 20;

/** `kafka-mirror status` as text: a summary line, then the topics furthest behind. Pure. */
export function renderStatus(jobName: string, progress: JobProgress): string {
  const { topics, partitions, recordsBehind } = progress;
  const state = topics.matched === 0 ? 'no source topic matches the job' : recordsBehind === 0 ? 'caught up' : `${formatCount(recordsBehind)} records behind`;
  const lines = [
    `job ${jobName}: ${state}`,
    `topics: ${formatCount(topics.matched)} matched, ${formatCount(topics.created)} on the target`,
    `partitions: ${formatCount(partitions.caughtUp)} of ${formatCount(partitions.total)} caught up; largest partition lag ${formatCount(progress.maxPartitionRecordsBehind)}`,
  ];
  const behind = progress.behindByTopic.filter((t) => t.records > 0);
  if (behind.length > 0) {
    lines.push('', renderTable(['TOPIC', 'RECORDS BEHIND'], behind.slice(0, SHOWN_TOPICS).map((t) => [t.name, formatCount(t.records)]), ['left', 'right']));
    if (behind.length > SHOWN_TOPICS) lines.push(`... and ${plural(behind.length - SHOWN_TOPICS, 'more topic')} behind`);
  }
  return lines.join('\n');
}
