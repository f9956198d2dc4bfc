/** Markdown tables and numbers as the bench reports print them. Pure. */

export const table = (head: string[], rows: Array<Array<string | number>>): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export const f = (x: number | undefined, digits = 1): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
export const int = (x: number | undefined): string => f(x, 0);

/** A ratio as the reports print it: "1.38x", or a dash when it could not be taken. */
export const times = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}x` : '–');
