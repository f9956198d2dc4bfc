import { CREATE_BATCH_RECORDS, createBatches } from '../../../src/sync/create-batches.ts';

const topic = (name: string, partitions: number, configs: Record<string, string> = {}) => ({ name, partitions, configs });
const names = (batches: Array<Array<{ name: string }>>) => batches.map((b) => b.map((t) => t.name));
const sizes = (batches: unknown[][]) => batches.map((b) => b.length);

describe('createBatches', () => {
  it('puts the seed\'s 360 topics / 2,000 partitions (2,720 records) in one request', () => {
    const topics = Array.from({ length: 360 }, (_, i) => topic(`t${i}`, i < 200 ? 6 : 5, { 'retention.ms': '1' }));
    expect(sizes(createBatches(topics))).toEqual([360]);
  });

  it('splits many small topics by the topic limit', () => {
    const topics = Array.from({ length: 2_500 }, (_, i) => topic(`t${i}`, 1));
    expect(sizes(createBatches(topics))).toEqual([1_000, 1_000, 500]);
  });

  it('keeps a request under the controller\'s limit when topics have many partitions', () => {
    // 100 topics of 120 partitions would be 12,100 records: the controller refuses over 10,000.
    const topics = Array.from({ length: 100 }, (_, i) => topic(`big${i}`, 120));
    const batches = createBatches(topics);
    expect(sizes(batches)).toEqual([41, 41, 18]);
    expect(batches.every((b) => b.reduce((n, t) => n + 1 + t.partitions, 0) <= CREATE_BATCH_RECORDS)).toBe(true);
  });

  it('counts a record per topic, per partition and per config, and starts a new request before the limit', () => {
    // 1 + 3 + 1 = 5 records each: two fit in 10, the third starts a new request.
    const topics = ['a', 'b', 'c'].map((n) => topic(n, 3, { 'cleanup.policy': 'compact' }));
    expect(names(createBatches(topics, { topics: 100, records: 10 }))).toEqual([['a', 'b'], ['c']]);
    expect(names(createBatches(topics, { topics: 100, records: 9 }))).toEqual([['a'], ['b'], ['c']]);
    expect(names(createBatches(topics, { topics: 2, records: 100 }))).toEqual([['a', 'b'], ['c']]);
  });

  it('keeps the topics\' order and sends a topic over the limit alone', () => {
    const topics = [topic('small', 1), topic('huge', CREATE_BATCH_RECORDS), topic('after', 1)];
    expect(names(createBatches(topics))).toEqual([['small'], ['huge'], ['after']]);
  });

  it('makes no request for no topic', () => {
    expect(createBatches([])).toEqual([]);
  });
});
