import { ByteRateLimiter } from '../../../src/replication/byte-rate-limiter.ts';

describe('ByteRateLimiter', () => {
  it('lets a second of bytes through, then asks to wait in proportion to the excess', () => {
    let now = 0;
    const limiter = new ByteRateLimiter(1_000, () => now);
    expect(limiter.delayAfter(1_000)).toBe(0);
    expect(limiter.delayAfter(500)).toBe(500);
    now += 500; // the replicator slept as told
    expect(limiter.delayAfter(0)).toBe(0);
  });

  it('keeps the long-run rate whatever the round sizes, and does not save up idle time beyond one second', () => {
    let now = 0;
    const limiter = new ByteRateLimiter(10_000, () => now);
    let sent = 0;
    for (let i = 0; i < 200; i++) {
      const bytes = 1_000 + ((i * 7919) % 9_000);
      sent += bytes;
      now += limiter.delayAfter(bytes) + 1;
    }
    expect(sent / (now / 1000)).toBeLessThanOrEqual(10_000 * 1.1);
    now += 60_000; // a minute idle
    expect(limiter.delayAfter(10_000)).toBe(0);
    expect(limiter.delayAfter(10_000)).toBe(1_000);
  });
});
