import type { TestRecord } from './produce.ts';

/**
 * Records that cover what a mirror must keep: keys and null keys, tombstones (null values), repeated
 * header keys in order, and explicit timestamps (some older than the topic's creation).
 */
export function recordMix(count: number, partitions: number, seed = 'r'): TestRecord[] {
  // Hours in the past: older than the topic, yet inside the default 7-day retention (older segments
  // are deleted by the broker's retention check while the test runs).
  const base = Date.now() - 6 * 3600 * 1000;
  return Array.from({ length: count }, (_, i) => {
    const kind = i % 7;
    return {
      partition: i % partitions,
      key: kind === 1 ? null : `${seed}-key-${i % 997}`,
      value: kind === 2 ? null : `${seed}-value-${i}-${'x'.repeat(i % 50)}`,
      headers: kind === 3 ? [['trace', `a${i}`], ['trace', `b${i}`], ['origin', 'test']] : kind === 4 ? [['empty', '']] : [],
      timestamp: base + i * 100,
    };
  });
}
