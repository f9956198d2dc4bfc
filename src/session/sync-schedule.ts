import type { Logger } from '../runtime/logger.ts';
import type { MetadataSync, SyncRoundResult } from '../sync/metadata-sync.ts';

/** The CLI's metadata sync loop: MetadataSync.run's schedule, plus `wake()` for a pass right now. */
export interface SyncLoop {
  /** Starts the next pass at once (e.g. when replication just caught up and group offsets can be translated). */
  wake(): void;
  done: Promise<void>;
}

/**
 * Runs a pass every `intervalMs` (start to start) until `signal`. A failed pass is reported and
 * retried next time, as in the worker; replication goes on whatever the sync does.
 */
export function startSyncLoop(sync: MetadataSync, intervalMs: number, signal: AbortSignal, logger: Logger, on: { round(r: SyncRoundResult): void; failed(message: string): void }): SyncLoop {
  let wakeUp: (() => void) | undefined;
  let woken = false;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || signal.aborted) return resolve();
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        resolve();
      }
      wakeUp = finish;
      signal.addEventListener('abort', finish, { once: true });
    });
  const done = (async () => {
    while (!signal.aborted) {
      const started = Date.now();
      woken = false;
      try {
        on.round(await sync.runOnce());
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        logger.warn({ err: message }, 'metadata sync pass failed; retrying next interval');
        on.failed(message);
      }
      await pause(Math.max(500, intervalMs - (Date.now() - started)));
      wakeUp = undefined;
    }
  })();
  return {
    wake() {
      woken = true;
      wakeUp?.();
    },
    done,
  };
}
