import { systemClock, type Clock } from './clock.ts';

/** What a handler asks for after a successful run: run the key again after this delay (a poll). */
export interface HandlerResult {
  requeueAfterMs?: number;
}

export type KeyHandler = (key: string) => Promise<HandlerResult | void>;

export interface WorkQueueOptions {
  /** Keys handled at the same time; one key is never handled twice at once. */
  concurrency?: number;
  /** Backoff after the first failure of a key, doubled per further failure up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  clock?: Clock;
  onError?: (key: string, err: unknown, retryInMs: number) => void;
}

/**
 * A rate-limited work queue in the manner of client-go's: keys, not events, so a burst of events for
 * one job is one reconcile (dedup); a key that changes while it is being handled runs once more after
 * (dirty); a key whose handler throws comes back after a per-key exponential backoff, reset by the
 * first success. An explicit add() runs the key now, even while it backs off: a spec change should
 * not wait minutes for a previous error's backoff.
 */
export class WorkQueue {
  readonly #handler: KeyHandler;
  readonly #clock: Clock;
  readonly #concurrency: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #onError: WorkQueueOptions['onError'];
  readonly #queued = new Set<string>();
  readonly #inFlight = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #delayed = new Map<string, { due: number; handle: unknown }>();
  readonly #idle = new Set<() => void>();
  #stopped = false;

  constructor(handler: KeyHandler, options: WorkQueueOptions = {}) {
    this.#handler = handler;
    this.#clock = options.clock ?? systemClock;
    this.#concurrency = options.concurrency ?? 4;
    this.#baseDelayMs = options.baseDelayMs ?? 1_000;
    this.#maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
    this.#onError = options.onError;
  }

  /** Handle `key` as soon as a slot is free. */
  add(key: string): void {
    if (this.#stopped) return;
    this.#cancelDelayed(key);
    if (this.#inFlight.has(key)) this.#dirty.add(key);
    else this.#queued.add(key);
    this.#pump();
  }

  /** Handle `key` after `ms`, unless it is already due sooner. */
  addAfter(key: string, ms: number): void {
    if (this.#stopped) return;
    const due = this.#clock.now() + ms;
    const existing = this.#delayed.get(key);
    if (existing && existing.due <= due) return;
    if (existing) this.#clock.clearTimeout(existing.handle);
    const handle = this.#clock.setTimeout(() => {
      this.#delayed.delete(key);
      this.add(key);
    }, ms);
    this.#delayed.set(key, { due, handle });
  }

  /** The delay before the next retry of a key that failed `failures` times. */
  backoffMs(failures: number): number {
    return Math.min(this.#baseDelayMs * 2 ** Math.max(0, failures - 1), this.#maxDelayMs);
  }

  /** Failures of `key` since its last success. */
  failures(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  get length(): number {
    return this.#queued.size;
  }

  /** Stops taking keys and resolves when the handlers in flight are done. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#queued.clear();
    for (const key of [...this.#delayed.keys()]) this.#cancelDelayed(key);
    await this.drained();
  }

  /** Resolves when nothing is queued or in flight (delayed keys do not count). */
  drained(): Promise<void> {
    if (this.#inFlight.size === 0 && this.#queued.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.add(resolve));
  }

  #cancelDelayed(key: string): void {
    const existing = this.#delayed.get(key);
    if (!existing) return;
    this.#clock.clearTimeout(existing.handle);
    this.#delayed.delete(key);
  }

  #pump(): void {
    while (!this.#stopped && this.#inFlight.size < this.#concurrency) {
      const key = [...this.#queued].find((k) => !this.#inFlight.has(k));
      if (key === undefined) break;
      this.#queued.delete(key);
      this.#inFlight.add(key);
      void this.#run(key);
    }
    if (this.#inFlight.size === 0 && (this.#queued.size === 0 || this.#stopped)) {
      for (const resolve of this.#idle) resolve();
      this.#idle.clear();
    }
  }

  async #run(key: string): Promise<void> {
    try {
      const result = await this.#handler(key);
      this.#failures.delete(key);
      if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      const failures = this.failures(key) + 1;
      this.#failures.set(key, failures);
      const delay = this.backoffMs(failures);
      this.#onError?.(key, err, delay);
      this.addAfter(key, delay);
    } finally {
      this.#inFlight.delete(key);
      if (this.#dirty.delete(key)) this.add(key);
      this.#pump();
    }
  }
}

/** Calls `enqueueAll` every `intervalMs`: the level-triggered safety net for anything a watch missed. */
export function startResync(enqueueAll: () => void, intervalMs: number, clock: Clock = systemClock): { stop(): void } {
  let handle: unknown;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    enqueueAll();
    handle = clock.setTimeout(tick, intervalMs);
  };
  handle = clock.setTimeout(tick, intervalMs);
  return {
    stop() {
      stopped = true;
      clock.clearTimeout(handle);
    },
  };
}
