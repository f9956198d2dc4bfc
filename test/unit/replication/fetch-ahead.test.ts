import type { FetchedPartition } from '../../../src/kafka/wire/raw-fetch.ts';
import { FetchAhead, FetchPositionCache, type FetchPositions } from '../../../src/replication/source/fetch-ahead.ts';

/** A reader that answers each fetch with the positions it was asked for, and counts the calls. */
function aReader(fail = false) {
  const calls: FetchPositions[] = [];
  return {
    calls,
    fetch: async (positions: FetchPositions): Promise<FetchedPartition[]> => {
      calls.push(positions);
      if (fail) throw new Error('broker gone');
      return positions.map((p) => ({ topic: p.topic, partition: p.partition, errorCode: 0, highWatermark: p.offset, lastStableOffset: -1, logStartOffset: 0, abortedTransactions: [], records: Buffer.alloc(0) }));
    },
  };
}

const at = (offset: number, partition = 0) => [{ topic: 'fa', partition, offset }];

describe('FetchAhead', () => {
  it('hands a round the fetch started for exactly its positions, without fetching again', async () => {
    const reader = aReader();
    const ahead = new FetchAhead(reader);
    ahead.start(at(10));
    const { fetched } = await ahead.take(at(10));
    expect(fetched[0]!.highWatermark).toBe(10);
    expect(reader.calls).toHaveLength(1);
  });

  it('fetches afresh when the positions differ (a rewound round, a new assignment) or after a drop', async () => {
    const reader = aReader();
    const ahead = new FetchAhead(reader);
    ahead.start(at(10));
    expect((await ahead.take(at(7))).fetched[0]!.highWatermark).toBe(7);
    ahead.start(at(10));
    ahead.drop();
    expect((await ahead.take(at(10))).fetched[0]!.highWatermark).toBe(10);
    ahead.start(at(10, 0));
    await ahead.take([...at(10, 0), ...at(0, 1)]);
    expect(reader.calls.map((c) => c.length)).toEqual([1, 1, 1, 1, 1, 2]);
  });

  it('throws a failed fetch ahead into the round that takes it, and forgets one nobody takes', async () => {
    const ahead = new FetchAhead(aReader(true));
    ahead.start(at(3));
    await expect(ahead.take(at(3))).rejects.toThrow('broker gone');
    ahead.start(at(4));
    ahead.drop(); // settled inside: no unhandled rejection fails this test
    await new Promise((resolve) => setImmediate(resolve));
  });
});

describe('FetchPositionCache', () => {
  it('names an unmoved partition with the same position object, a moved one with a new one, and never changes one handed out', () => {
    const cache = new FetchPositionCache();
    const source = { topic: 'orders', partition: 3 };
    const first = cache.at(source, 10);
    expect(cache.at(source, 10)).toBe(first);
    const moved = cache.at(source, 12);
    expect(moved).not.toBe(first);
    expect([first, moved]).toEqual([{ topic: 'orders', partition: 3, offset: 10 }, { topic: 'orders', partition: 3, offset: 12 }]);
    expect(cache.at({ topic: 'orders', partition: 3 }, 12)).not.toBe(moved); // keyed by the partition's own object
  });
});
