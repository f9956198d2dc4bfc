import { formatCount, formatDuration, plural } from '../format/table.ts';
import { conflictsText, groupsText } from '../format/blockers-view.ts';
import type { RunProgress } from './run-progress.ts';

const PHASES: Record<RunProgress['phase'], string> = {
  starting: 'starting (first metadata sync)',
  copying: 'copying',
  'caught-up': 'caught up',
  stopping: 'stopping (finishing the round in flight)',
};

/** A bar of `width` cells for a fraction 0..1; ASCII, so every terminal and log shows it alike. */
export function progressBar(fraction: number, width = 30): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** Share of this session's work done: copied / (copied + still behind). */
export function doneFraction(p: RunProgress): number {
  const all = p.recordsCopied + p.recordsBehind;
  return all === 0 ? (p.phase === 'starting' ? 0 : 1) : p.recordsCopied / all;
}

const conflictsNote = (p: RunProgress): string => (p.conflicts.count > 0 ? `; CONFLICTS: ${conflictsText(p.conflicts, p.planCommand)}` : '');

/** The live block on a terminal, redrawn in place. Pure: lines only, no escape codes. */
export function renderRunFrame(p: RunProgress): string[] {
  const pct = `${Math.floor(doneFraction(p) * 100)}%`.padStart(4);
  const waiting = p.partitions.waitingForTarget > 0 ? `, ${formatCount(p.partitions.waitingForTarget)} waiting for their target topic` : '';
  const lines = [
    `kafka-mirror run ${p.job}: ${PHASES[p.phase]}   ${formatDuration(p.elapsedMs / 1000)}`,
    `  ${progressBar(doneFraction(p))} ${pct}`,
    `  topics      ${formatCount(p.topics.matched)} matched, ${formatCount(p.topics.onTarget)} on the target`,
    `  partitions  ${formatCount(p.partitions.caughtUp)} of ${formatCount(p.partitions.total)} caught up${waiting}`,
    `  records     ${formatCount(p.recordsCopied)} copied   ${formatCount(p.recordsPerSecond)}/s   lag ${formatCount(p.recordsBehind)}   ETA ${formatDuration(p.etaSeconds)}`,
    `  groups      ${groupsText(p.groups)}`,
    `  sync        ${p.lastSyncAgoSeconds === undefined ? 'first pass running' : `last pass ${formatDuration(p.lastSyncAgoSeconds)} ago`}`,
  ];
  if (p.conflicts.count > 0) lines.push(`  conflicts   ${conflictsText(p.conflicts, p.planCommand)}`);
  for (const s of p.partitions.stopped.slice(0, 5)) lines.push(`  STOPPED     ${s.topic}/${s.partition} at offset ${s.offset}: ${s.error}`);
  if (p.notCopying) lines.push(`  NOT COPYING ${p.notCopying}; retrying`);
  if (p.warning) lines.push(`  warning     ${p.warning}`);
  return lines;
}

/** One line for logs and pipes: the same facts, no redrawing. */
export function renderRunLine(p: RunProgress): string {
  const stopped = p.partitions.stopped.length > 0 ? `, ${plural(p.partitions.stopped.length, 'partition')} STOPPED` : '';
  return [
    `[${formatDuration(p.elapsedMs / 1000)}] ${PHASES[p.phase]}:`,
    `topics ${formatCount(p.topics.onTarget)}/${formatCount(p.topics.matched)} on target,`,
    `partitions ${formatCount(p.partitions.caughtUp)}/${formatCount(p.partitions.total)} caught up${stopped},`,
    `copied ${formatCount(p.recordsCopied)} (${formatCount(p.recordsPerSecond)}/s),`,
    `lag ${formatCount(p.recordsBehind)}, ETA ${formatDuration(p.etaSeconds)},`,
    `groups ${groupsText(p.groups)}${conflictsNote(p)}${p.notCopying ? `; NOT COPYING: ${p.notCopying}; retrying` : ''}`,
  ].join(' ');
}

/** The last words of a run, printed once whatever the output is. */
export function renderRunSummary(p: RunProgress, how: 'caught-up' | 'interrupted' | 'stopped'): string {
  const head = how === 'caught-up' ? 'caught up' : how === 'interrupted' ? 'stopped by Ctrl-C; progress is saved on the target, run again to resume' : 'stopped';
  return `${head}: ${formatCount(p.recordsCopied)} records copied in ${formatDuration(p.elapsedMs / 1000)}; ${plural(p.topics.matched, 'topic')}, ${formatCount(p.partitions.caughtUp)}/${formatCount(p.partitions.total)} partitions caught up, lag ${formatCount(p.recordsBehind)}; groups ${groupsText(p.groups)}${conflictsNote(p)}`;
}
