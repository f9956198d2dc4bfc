/** Pure text formatting shared by the commands' human output. */

export type Align = 'left' | 'right';

/**
 * A plain text table: a header row, a rule, one line per row; columns as wide as their widest cell.
 * Numbers read best right-aligned, so `align` picks per column.
 */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly Align[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** 1234567 -> "1,234,567": record counts are read at a glance. */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Seconds as "45s", "3m 20s", "2h 05m"; undefined (no estimate yet) as "-". */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '-';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** "1 topic", "3 topics". */
export const plural = (n: number, noun: string, nouns = `${noun}s`): string => `${formatCount(n)} ${n === 1 ? noun : nouns}`;
