import { ClusterLink, decodeRecords, fetchInSession, FetchSession, KafkaErrorCode, ReadCommitted, splitBatches, type FetchedPartition } from '../../src/kafka/index.ts';
import { SourceReader } from '../../src/replication/source/source.reader.ts';
import { accessOf } from '../helpers/kafka/access.ts';
import { legacyKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { kcatProduce } from '../helpers/kafka/kcat.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';

/** Each returned partition with the values of its records at or after the offset asked for. */
function valuesByPartition(fetched: FetchedPartition[], asked: Map<number, number>): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const f of fetched) {
    expect(f.errorCode).toBe(KafkaErrorCode.NONE);
    const from = BigInt(asked.get(f.partition) ?? 0);
    out[f.partition] = splitBatches(f.records)
      .flatMap((b) => decodeRecords(b))
      .filter((r) => r.offset >= from)
      .map((r) => r.value!.toString());
  }
  return out;
}

const produce = (cluster: Awaited<ReturnType<typeof legacyKafka>>, topic: string, partition: number, values: string[]) => kcatProduce(cluster, topic, values, { partition });

// The worker reads its source through incremental fetch sessions (KIP-227): at a trickle over 2,000
// partitions a whole fetch names every partition both ways. A 2.6 broker, the oldest source the
// product serves, is the judge of what a session returns; kcat wrote the records.
describe('the source reader\'s fetch session, on a Kafka 2.6 broker', () => {
  it('returns only partitions with news, serves rewound and re-added partitions from the offsets asked, and forgets dropped ones', async () => {
    const source = await legacyKafka();
    const topic = uniqueTopic('fetch-session');
    await createTopicWithTool(source, topic, 4);
    for (const p of [0, 1, 2, 3]) await produce(source, topic, p, [0, 1, 2, 3, 4].map((i) => `p${p}-${i}`));
    const link = new ClusterLink(accessOf(source), 'test-fetch-session');
    const reader = new SourceReader(link, { maxBytes: 1 << 20, partitionMaxBytes: 64 << 10, maxWaitMs: 300, minBytes: 1 });
    const fetch = async (positions: Array<[number, number]>) => valuesByPartition(await reader.fetch(positions.map(([partition, offset]) => ({ topic, partition, offset }))), new Map(positions));
    try {
      // The whole first request: every partition, from offset 0.
      expect(await fetch([[0, 0], [1, 0], [2, 0], [3, 0]])).toEqual(Object.fromEntries([0, 1, 2, 3].map((p) => [p, [0, 1, 2, 3, 4].map((i) => `p${p}-${i}`)])));

      // Every partition read to its end: the session's answer holds none of them (a whole fetch would list all four).
      expect(await fetch([[0, 5], [1, 5], [2, 5], [3, 5]])).toEqual({});

      // New records on one partition: only that one comes back.
      await produce(source, topic, 2, ['p2-5', 'p2-6']);
      expect(await fetch([[0, 5], [1, 5], [2, 5], [3, 5]])).toEqual({ 2: ['p2-5', 'p2-6'] });

      // A partition moved back (a failed round rewinds) is read again from where it was moved to.
      expect(await fetch([[0, 3], [1, 5], [2, 7], [3, 5]])).toEqual({ 0: ['p0-3', 'p0-4'] });

      // Partition 1 leaves the fetch: its new records are not read while it is away...
      expect(await fetch([[0, 5], [2, 7], [3, 5]])).toEqual({});
      await produce(source, topic, 1, ['p1-5']);
      expect(await fetch([[0, 5], [2, 7], [3, 5]])).toEqual({});
      // ...and come back with it, from the offset asked.
      expect(await fetch([[0, 5], [1, 5], [2, 7], [3, 5]])).toEqual({ 1: ['p1-5'] });
    } finally {
      await link.close();
    }
  });

  it('starts a whole request again when the broker does not know the session, and the new session then reads incrementally', async () => {
    const source = await legacyKafka();
    const topic = uniqueTopic('fetch-session-lost');
    await createTopicWithTool(source, topic, 2);
    await produce(source, topic, 0, ['a', 'b']);
    await produce(source, topic, 1, ['c']);
    const link = new ClusterLink(accessOf(source), 'test-fetch-session-lost');
    try {
      const [leader] = await link.leaders([topic]);
      const connection = await link.connectionTo(leader!.leader);
      const options = { maxWaitMs: 200, minBytes: 1, maxBytes: 1 << 20, isolationLevel: ReadCommitted };
      const positions = [0, 1].map((partition) => ({ topic, partition, offset: 0 }));
      const size = 64 << 10;
      const session = new FetchSession();
      // A session the broker never opened stands for one it lost (a restart, or evicted for a larger one).
      session.next(positions, size);
      session.answered(KafkaErrorCode.NONE, 0x7fff_fff0);
      const refused = await fetchInSession(connection, options, session.next(positions, size));
      expect(refused).toMatchObject({ errorCode: KafkaErrorCode.FETCH_SESSION_ID_NOT_FOUND, partitions: [] });
      expect(session.answered(refused.errorCode, refused.sessionId)).toBe(true);

      const whole = await fetchInSession(connection, options, session.next(positions, size));
      expect(whole.errorCode).toBe(KafkaErrorCode.NONE);
      expect(whole.sessionId).not.toBe(0);
      expect(whole.partitions.map((p) => p.partition).sort()).toEqual([0, 1]);
      expect(session.answered(whole.errorCode, whole.sessionId)).toBe(false);

      // Partition 0 read to its end, partition 1 gets a record: the new session answers with partition 1 alone.
      await produce(source, topic, 1, ['d']);
      const incremental = await fetchInSession(connection, options, session.next([{ ...positions[0]!, offset: 2 }, positions[1]!], size));
      expect(incremental.errorCode).toBe(KafkaErrorCode.NONE);
      expect(incremental.sessionId).toBe(whole.sessionId);
      expect(valuesByPartition(incremental.partitions, new Map([[1, 0]]))).toEqual({ 1: ['c', 'd'] });
    } finally {
      await link.close();
    }
  });
});
