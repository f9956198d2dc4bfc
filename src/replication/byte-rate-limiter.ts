/**
 * spec.replication.maxBytesPerSecond, shared equally by the workers: a token bucket refilled at the
 * rate and holding at most one second's worth, so a pause never turns into a burst. Pure apart from
 * the injected clock; the replicator sleeps for what `delayAfter` returns.
 */
export class ByteRateLimiter {
  readonly #bytesPerSecond: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(bytesPerSecond: number, now: () => number = Date.now) {
    this.#bytesPerSecond = bytesPerSecond;
    this.#now = now;
    this.#tokens = bytesPerSecond;
    this.#at = now();
  }

  /** Takes `bytes` from the bucket; returns how long to wait (ms) before copying more. */
  delayAfter(bytes: number): number {
    const now = this.#now();
    this.#tokens = Math.min(this.#bytesPerSecond, this.#tokens + ((now - this.#at) / 1000) * this.#bytesPerSecond);
    this.#at = now;
    this.#tokens -= bytes;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.#bytesPerSecond) * 1000);
  }
}
