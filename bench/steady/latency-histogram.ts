/**
 * Replication latencies of a long run, kept as a histogram of whole milliseconds: a 30-minute run at
 * 2,000 records/s is 3.6 M latencies per reader, which as numbers would cost the bench more memory than
 * the mirrors it measures. Percentiles are exact to the millisecond up to `limitMs`. Pure.
 */
export class LatencyHistogram {
  readonly #buckets: Uint32Array;
  #count = 0;
  #max = Number.NEGATIVE_INFINITY;
  readonly limitMs: number;

  constructor(limitMs = 300_000) {
    this.limitMs = limitMs;
    this.#buckets = new Uint32Array(limitMs + 1);
  }

  add(ms: number): void {
    // A clock step between the producer's stamp and the reader can make a latency slightly negative.
    const bucket = Math.max(0, Math.round(ms));
    this.#count++;
    this.#max = Math.max(this.#max, ms);
    // Beyond the limit only the count and the max keep it; a percentile that falls there reads Infinity.
    if (bucket <= this.limitMs) this.#buckets[bucket]!++;
  }

  get count(): number {
    return this.#count;
  }

  get maxMs(): number {
    return this.#count > 0 ? this.#max : Number.NaN;
  }

  /** The nearest-rank percentile (0..100), as stats.ts's percentileOfSorted; Infinity when it falls beyond `limitMs`. */
  percentile(p: number): number {
    if (this.#count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.#count));
    let seen = 0;
    for (let ms = 0; ms <= this.limitMs; ms++) {
      seen += this.#buckets[ms]!;
      if (seen >= rank) return ms;
    }
    return Number.POSITIVE_INFINITY;
  }
}
