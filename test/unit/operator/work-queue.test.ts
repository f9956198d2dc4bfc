import { startResync, WorkQueue } from '../../../operator/work-queue.ts';
import { ManualClock, settle } from './operator-fixtures.ts';

/** A handler whose calls the test finishes by hand, so "in flight" is observable. */
function controllableHandler() {
  const calls: string[] = [];
  const pending: Array<{ key: string; resolve: (v?: { requeueAfterMs?: number }) => void; reject: (e: unknown) => void }> = [];
  const handler = (key: string) =>
    new Promise<{ requeueAfterMs?: number } | void>((resolve, reject) => {
      calls.push(key);
      pending.push({ key, resolve, reject });
    });
  return { calls, pending, handler };
}

describe('WorkQueue', () => {
  it('deduplicates keys added while waiting', async () => {
    const clock = new ManualClock();
    const { calls, pending, handler } = controllableHandler();
    const queue = new WorkQueue(handler, { clock, concurrency: 1 });
    queue.add('ns/a');
    queue.add('ns/b');
    queue.add('ns/b');
    queue.add('ns/b');
    await settle();
    expect(calls).toEqual(['ns/a']);
    pending.shift()?.resolve();
    await settle();
    pending.shift()?.resolve();
    await settle();
    expect(calls).toEqual(['ns/a', 'ns/b']);
  });

  it('never runs one key twice at once, and runs it once more when it changed meanwhile', async () => {
    const clock = new ManualClock();
    const { calls, pending, handler } = controllableHandler();
    const queue = new WorkQueue(handler, { clock, concurrency: 4 });
    queue.add('ns/a');
    await settle();
    queue.add('ns/a');
    queue.add('ns/a');
    await settle();
    expect(calls).toEqual(['ns/a']);
    pending.shift()?.resolve();
    await settle();
    expect(calls).toEqual(['ns/a', 'ns/a']);
    pending.shift()?.resolve();
    await settle();
    expect(calls).toHaveLength(2);
  });

  it('backs off per key exponentially, up to the maximum, and forgets failures after a success', async () => {
    const clock = new ManualClock();
    const { calls, pending, handler } = controllableHandler();
    const errors: number[] = [];
    const queue = new WorkQueue(handler, { clock, baseDelayMs: 1_000, maxDelayMs: 5_000, onError: (_k, _e, delay) => errors.push(delay) });
    queue.add('ns/a');
    for (let i = 0; i < 5; i++) {
      await settle();
      pending.shift()?.reject(new Error('API server down'));
      await settle();
      await clock.advance(errors.at(-1) ?? 0);
    }
    expect(errors).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(calls).toHaveLength(6);
    pending.shift()?.resolve();
    await settle();
    expect(queue.failures('ns/a')).toBe(0);
  });

  it('does not delay a failing key for another key', async () => {
    const clock = new ManualClock();
    const { calls, pending, handler } = controllableHandler();
    const queue = new WorkQueue(handler, { clock, baseDelayMs: 10_000 });
    queue.add('ns/bad');
    await settle();
    pending.shift()?.reject(new Error('boom'));
    await settle();
    queue.add('ns/good');
    await settle();
    expect(calls).toEqual(['ns/bad', 'ns/good']);
    await clock.advance(9_999);
    expect(calls).toHaveLength(2);
    await clock.advance(1);
    expect(calls).toEqual(['ns/bad', 'ns/good', 'ns/bad']);
  });

  it('requeues after the delay a handler asks for, keeping the earlier of two due times', async () => {
    const clock = new ManualClock();
    const { calls, pending, handler } = controllableHandler();
    const queue = new WorkQueue(handler, { clock });
    queue.add('ns/a');
    await settle();
    pending.shift()?.resolve({ requeueAfterMs: 15_000 });
    await settle();
    queue.addAfter('ns/a', 60_000);
    await clock.advance(14_999);
    expect(calls).toHaveLength(1);
    await clock.advance(1);
    expect(calls).toHaveLength(2);
  });

  it('stop() waits for the handler in flight and takes no more keys', async () => {
    const clock = new ManualClock();
    const { calls, pending, handler } = controllableHandler();
    const queue = new WorkQueue(handler, { clock });
    queue.add('ns/a');
    await settle();
    let stopped = false;
    const stopping = queue.stop().then(() => (stopped = true));
    queue.add('ns/b');
    await settle();
    expect(stopped).toBe(false);
    pending.shift()?.resolve({ requeueAfterMs: 1 });
    await stopping;
    await clock.advance(10);
    expect(calls).toEqual(['ns/a']);
  });

  it('resync enqueues every known key periodically', async () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    const resync = startResync(() => seen.push(clock.now()), 60_000, clock);
    await clock.advance(180_000);
    resync.stop();
    await clock.advance(60_000);
    expect(seen).toHaveLength(3);
  });
});
