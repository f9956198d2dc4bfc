import { CREATE_BATCH_RECORDS, createBatches } from '../../../src/sync/create-batches.ts';

const topic = (name: string, partitions: number, configs: Record<string, string> = {}) => ({ name, partitions, configs });
const names = (batches: Array<Array<{ name: string }>>) => batches.map((b) => b.map((t) => t.name));

describe('createBatches', () => {
  it('puts the seed\'s 360 topics / 2,000 partitions in one request', () => {
    const topics = Array.from({ length: 360 }, (_, i) => topic(`t${i}`, i < 200 ? 6 : 5, { 'retention.ms': '1' }));
    expect(createBatches(topics)).toHaveLength(1);
  });

  it('counts a record per topic, per partition and per config, and starts a new request before the limit', () => {
    // 1 + 3 + 1 = 5 records each: two fit in 10, the third starts a new request.
    const topics = ['a', 'b', 'c'].map((n) => topic(n, 3, { 'cleanup.policy': 'compact' }));
    expect(names(createBatches(topics, 10))).toEqual([['a', 'b'], ['c']]);
    expect(names(createBatches(topics, 9))).toEqual([['a'], ['b'], ['c']]);
  });

  it('keeps the topics\' order and sends a topic over the limit alone', () => {
    const topics = [topic('small', 1), topic('huge', CREATE_BATCH_RECORDS), topic('after', 1)];
    expect(names(createBatches(topics))).toEqual([['small'], ['huge'], ['after']]);
  });

  it('makes no request for no topic', () => {
    expect(createBatches([])).toEqual([]);
  });
});
