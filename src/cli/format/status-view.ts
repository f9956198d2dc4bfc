import type { JobProgress } from '../../lag/job-progress.reader.ts';
import type { GroupStanding } from '../../sync/group-standing.ts';
import { conflictsText, groupsText, type ConflictsShown } from './blockers-view.ts';
import { formatCount, plural, renderTable } from './table.ts';

/** What the metadata sync's plan says keeps the job from being done, beside the lag. */
export interface StatusBlockers {
  conflicts: ConflictsShown;
  groups: GroupStanding;
  planCommand: string;
}

/** How many topics the table lists; the summary line counts them all. */
const SHOWN_TOPICS = 20;

/** `kafka-mirror status` as text: a summary line, then the topics furthest behind. Pure. */
export function renderStatus(jobName: string, progress: JobProgress, blockers: StatusBlockers): string {
  const { topics, partitions, recordsBehind } = progress;
  const pending = blockers.conflicts.count > 0 || blockers.groups.notSynced.length > 0;
  const copied = pending ? 'records copied, but the conflicts or groups below are not done' : 'caught up';
  const state = topics.matched === 0 ? 'no source topic matches the job' : recordsBehind === 0 ? copied : `${formatCount(recordsBehind)} records behind`;
  const lines = [
    `job ${jobName}: ${state}`,
    `topics: ${formatCount(topics.matched)} matched, ${formatCount(topics.created)} on the target`,
    `partitions: ${formatCount(partitions.caughtUp)} of ${formatCount(partitions.total)} caught up; largest partition lag ${formatCount(progress.maxPartitionRecordsBehind)}`,
    `groups: ${groupsText(blockers.groups)}`,
    ...(blockers.conflicts.count > 0 ? [`conflicts: ${conflictsText(blockers.conflicts, blockers.planCommand)}`] : []),
  ];
  const behind = progress.behindByTopic.filter((t) => t.records > 0);
  if (behind.length > 0) {
    lines.push('', renderTable(['TOPIC', 'RECORDS BEHIND'], behind.slice(0, SHOWN_TOPICS).map((t) => [t.name, formatCount(t.records)]), ['left', 'right']));
    if (behind.length > SHOWN_TOPICS) lines.push(`... and ${plural(behind.length - SHOWN_TOPICS, 'more topic')} behind`);
  }
  return lines.join('\n');
}
