/** How often, between two metadata sync passes, discovery looks for new source topics and partitions. */
export const DISCOVERY_INTERVAL_MS = 2_000;

const MIN_PAUSE_MS = 500;

/**
 * The wait until the next metadata sync pass (`until`, epoch ms), spent discovering every
 * DISCOVERY_INTERVAL_MS. `pause` resolves early when the loop is woken or stopped, which `interrupted`
 * then tells; the wait ends there. `discover` must not throw. Shared by the CLI's loop and worker 0's.
 */
export async function pauseDiscovering(until: number, pause: (ms: number) => Promise<void>, discover: () => Promise<void>, interrupted: () => boolean, now = Date.now): Promise<void> {
  while (!interrupted()) {
    const left = until - now();
    if (left <= DISCOVERY_INTERVAL_MS) return pause(Math.max(MIN_PAUSE_MS, left));
    await pause(DISCOVERY_INTERVAL_MS);
    if (!interrupted()) await discover();
  }
}
