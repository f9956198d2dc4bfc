/** Statistics of the bench's figures. Pure. */

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The `p`-th percentile (0..100) of values already sorted ascending, by the nearest-rank method: the
 * smallest value with at least p % of the values at or below it. NaN when empty.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** A ratio, or NaN when the denominator is not a positive number (a scenario that failed or was skipped). */
export const ratio = (numerator: number, denominator: number): number => (denominator > 0 && Number.isFinite(numerator) ? numerator / denominator : Number.NaN);

/** Per-field medians of runs that carry the same numeric fields. */
export function medianOf<K extends string>(runs: ReadonlyArray<Record<K, number>>, keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) as Record<K, number>;
}
