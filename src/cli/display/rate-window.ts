/**
 * Records per second over a sliding window of samples of a growing counter. A window (rather than
 * the average since start) lets the ETA follow a rate that changes, e.g. after a backlog of small
 * topics is done. Clock injected by the caller (the sample times), so it is pure and testable.
 */
export class RateWindow {
  readonly #windowMs: number;
  readonly #samples: Array<{ at: number; count: number }> = [];

  constructor(windowMs = 10_000) {
    this.#windowMs = windowMs;
  }

  add(at: number, count: number): void {
    this.#samples.push({ at, count });
    while (this.#samples.length > 2 && this.#samples[0]!.at < at - this.#windowMs) this.#samples.shift();
  }

  /** Per second across the window; 0 until two samples at least 0.5 s apart exist. */
  perSecond(): number {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last.at - first.at < 500) return 0;
    return Math.max(0, ((last.count - first.count) * 1000) / (last.at - first.at));
  }
}

/** Seconds until `remaining` is done at `rate` per second; undefined while there is no rate to go by. */
export function etaSeconds(remaining: number, rate: number): number | undefined {
  if (remaining <= 0) return 0;
  return rate > 0 ? remaining / rate : undefined;
}
