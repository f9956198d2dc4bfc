import fc from 'fast-check';
import { assignedTo, ownerOf, type SourcePartition } from '../../../src/replication/assignment.ts';

const partitionsOf = (topics: Array<[string, number]>): SourcePartition[] =>
  topics.flatMap(([topic, n]) => Array.from({ length: n }, (_, partition) => ({ topic, partition })));

describe('partition assignment', () => {
  it('gives every partition exactly one worker, for any topics and worker count', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 50 })), { selector: ([t]) => t, maxLength: 30 }), fc.integer({ min: 1, max: 12 }), (topics, workers) => {
        const all = partitionsOf(topics);
        const shares = Array.from({ length: workers }, (_, w) => assignedTo(w, workers, all));
        expect(shares.reduce((n, s) => n + s.length, 0)).toBe(all.length);
        const seen = new Set(shares.flat().map((p) => `${p.topic}\u0000${p.partition}`));
        expect(seen.size).toBe(all.length);
      }),
    );
  });

  it("spreads a topic's partitions evenly and keeps owners when topics are added", () => {
    const before = partitionsOf([['orders', 12], ['payments', 7]]);
    const owners = before.map((p) => ownerOf(p, 3));
    const counts = [0, 1, 2].map((w) => before.filter((p) => p.topic === 'orders' && ownerOf(p, 3) === w).length);
    expect(counts).toEqual([4, 4, 4]);
    const after = partitionsOf([['orders', 12], ['payments', 7], ['audit', 5]]);
    expect(after.slice(0, before.length).map((p) => ownerOf(p, 3))).toEqual(owners);
  });
});
