import { defaultFetchLimits, patientFetchLimits, rotate } from '../../../src/replication/source/source.reader.ts';

describe('rotate (the fetch order)', () => {
  it('starts each fetch one partition further on and keeps every partition once', () => {
    const parts = ['p0', 'p1', 'p2'];
    expect([0, 1, 2, 3, 4].map((turn) => rotate(parts, turn))).toEqual([
      ['p0', 'p1', 'p2'],
      ['p1', 'p2', 'p0'],
      ['p2', 'p0', 'p1'],
      ['p0', 'p1', 'p2'],
      ['p1', 'p2', 'p0'],
    ]);
  });
});

describe('patientFetchLimits', () => {
  it('lets an ExactlyOnce fetch wait for a megabyte (never more than it may return), and leaves AtLeastOnce and short intervals answering at the first record', () => {
    expect(patientFetchLimits(defaultFetchLimits, 'ExactlyOnce', 5_000)).toEqual({ ...defaultFetchLimits, minBytes: 1024 * 1024 });
    expect(patientFetchLimits({ ...defaultFetchLimits, maxBytes: 64 * 1024 }, 'ExactlyOnce', 5_000).minBytes).toBe(64 * 1024);
    expect(patientFetchLimits(defaultFetchLimits, 'AtLeastOnce', 5_000)).toBe(defaultFetchLimits);
    expect(patientFetchLimits(defaultFetchLimits, 'ExactlyOnce', 500)).toBe(defaultFetchLimits);
  });
});
