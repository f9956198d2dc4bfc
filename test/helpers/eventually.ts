import { waitFor } from './processes.ts';

/**
 * Reads until `read` gives `expected`, then asserts it (so a failure shows the last value read). For
 * what brokers show a moment after an admin call returns: KRaft serves configs and ACLs from a
 * metadata cache that follows the controller.
 */
export async function expectEventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000): Promise<void> {
  let last: T | undefined;
  await waitFor(
    'the cluster to show the change',
    async () => {
      last = await read();
      return JSON.stringify(last) === JSON.stringify(expected) ? true : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  ).catch(() => undefined);
  expect(last).toEqual(expected);
}
