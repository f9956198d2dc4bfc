import { pauseDiscovering } from '../sync/discovery-schedule.ts';
import type { MetadataSync, SyncPassFailure, SyncRoundResult } from '../sync/metadata-sync.ts';

/** The metadata sync's schedule in a running job: a pass every interval, plus `wake()` for a pass right now. */
export interface SyncSchedule {
  /** Starts the next pass at once (e.g. when replication just caught up and group offsets can be translated). */
  wake(): void;
  done: Promise<void>;
}

export interface SyncHooks {
  round?(result: SyncRoundResult): void;
  /** A pass that failed before applying anything (a cluster unreadable); it is retried next interval. */
  failed?(failure: SyncPassFailure): void;
}

/**
 * Runs a pass every `intervalMs` (start to start) until `signal`, discovering new topics in between.
 * A failed pass is reported and retried next time; replication goes on whatever the sync does.
 */
export function startSyncSchedule(sync: MetadataSync, intervalMs: number, signal: AbortSignal, hooks: SyncHooks): SyncSchedule {
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
      const started = new Date();
      woken = false;
      try {
        hooks.round?.(await sync.runOnce());
      } catch (err) {
        hooks.failed?.(sync.passFailed(err, started));
      }
      await pauseDiscovering(started.getTime() + intervalMs, pause, () => sync.discoverTopics(), () => woken || signal.aborted);
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
