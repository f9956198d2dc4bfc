import { rotate } from '../../../src/replication/source/source.reader.ts';

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
