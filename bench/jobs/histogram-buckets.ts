/**
 * A Prometheus histogram's cumulative buckets out of a /metrics text, and the quantile of what was
 * observed between two scrapes. A histogram only knows buckets, so a quantile is the upper bound of the
 * bucket it falls in ("p99 <= 0.25 s"), as histogram_quantile without its interpolation.
 */

/** Cumulative counts by upper bound (Infinity for +Inf), ascending. */
export type Buckets = Array<{ le: number; count: number }>;

export function histogramBuckets(metrics: string, name: string): Buckets {
  const line = new RegExp(`^${name}_bucket\\{(?:[^}]*,)?le="([^"]+)"[^}]*\\} (\\S+)$`);
  const buckets: Buckets = [];
  for (const text of metrics.split('\n')) {
    const m = line.exec(text);
    if (m) buckets.push({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), count: Number(m[2]) });
  }
  return buckets.sort((a, b) => a.le - b.le);
}

/** What `after` observed beyond `before` (same buckets; a missing `before` bucket counts 0). */
export function bucketsBetween(before: Buckets, after: Buckets): Buckets {
  const earlier = new Map(before.map((b) => [b.le, b.count]));
  return after.map((b) => ({ le: b.le, count: b.count - (earlier.get(b.le) ?? 0) }));
}

export const observations = (buckets: Buckets): number => buckets.at(-1)?.count ?? 0;

/** The upper bound of the bucket holding quantile `q` (0..1); undefined when nothing was observed. */
export function quantileBound(buckets: Buckets, q: number): number | undefined {
  const total = observations(buckets);
  if (total === 0) return undefined;
  return buckets.find((b) => b.count >= q * total)?.le;
}
