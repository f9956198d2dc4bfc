import { FetchSession, nextEpoch } from '../../../src/kafka/wire/fetch-session.ts';
import { KafkaErrorCode } from '../../../src/kafka/wire/kafka-error-codes.ts';

const SIZE = 1024;
const at = (partition: number, offset: number) => ({ topic: 'orders', partition, offset });
/** A partition as the request names it to the broker. */
const sent = (partition: number, offset: number, maxBytes = SIZE) => ({ ...at(partition, offset), maxBytes });

/** A session the broker has opened with id 7, holding partitions 0..2 at offset 10. */
function openSession(): FetchSession {
  const session = new FetchSession();
  session.next([at(0, 10), at(1, 10), at(2, 10)], SIZE);
  session.answered(KafkaErrorCode.NONE, 7);
  return session;
}

describe('FetchSession (KIP-227, the client side)', () => {
  it('opens with a whole request at epoch 0, then names only what moved, at rising epochs', () => {
    const session = new FetchSession();
    expect(session.next([at(0, 10), at(1, 10)], SIZE)).toEqual({ sessionId: 0, epoch: 0, partitions: [sent(0, 10), sent(1, 10)], forgotten: [] });
    expect(session.answered(KafkaErrorCode.NONE, 7)).toBe(false);

    expect(session.next([at(0, 10), at(1, 10)], SIZE)).toEqual({ sessionId: 7, epoch: 1, partitions: [], forgotten: [] });
    session.answered(KafkaErrorCode.NONE, 7);
    expect(session.next([at(0, 15), at(1, 10)], SIZE)).toEqual({ sessionId: 7, epoch: 2, partitions: [sent(0, 15)], forgotten: [] });
    session.answered(KafkaErrorCode.NONE, 7);
    // The same offset again is not news to the broker: it still holds 15.
    expect(session.next([at(0, 15), at(1, 10)], SIZE).partitions).toEqual([]);
  });

  it('sends a partition moved back (a rewound round), adds new ones and forgets dropped ones', () => {
    const session = openSession();
    const request = session.next([at(0, 4), at(1, 10), at(3, 0)], SIZE);
    expect(request.partitions).toEqual([sent(0, 4), sent(3, 0)]);
    expect(request.forgotten).toEqual([{ topic: 'orders', partition: 2 }]);
    session.answered(KafkaErrorCode.NONE, 7);
    // Forgotten once is enough; asked for again, it is new to the session.
    const again = session.next([at(0, 4), at(1, 10), at(2, 10), at(3, 0)], SIZE);
    expect(again.partitions).toEqual([sent(2, 10)]);
    expect(again.forgotten).toEqual([]);
  });

  it('sends every partition again when the size asked per partition changes', () => {
    const session = openSession();
    expect(session.next([at(0, 10), at(1, 10), at(2, 10)], 2 * SIZE).partitions).toEqual([sent(0, 10, 2 * SIZE), sent(1, 10, 2 * SIZE), sent(2, 10, 2 * SIZE)]);
  });

  it('starts over whole, closing the old session, after the broker lost it or saw an epoch out of order', () => {
    for (const code of [KafkaErrorCode.FETCH_SESSION_ID_NOT_FOUND, KafkaErrorCode.INVALID_FETCH_SESSION_EPOCH]) {
      const session = openSession();
      session.next([at(0, 11), at(1, 10), at(2, 10)], SIZE);
      expect(session.answered(code, 0)).toBe(true);
      expect(session.next([at(0, 11), at(1, 10)], SIZE)).toEqual({ sessionId: 7, epoch: 0, partitions: [sent(0, 11), sent(1, 10)], forgotten: [] });
      session.answered(KafkaErrorCode.NONE, 8);
      expect(session.next([at(0, 11), at(1, 10), at(2, 10)], SIZE)).toEqual({ sessionId: 8, epoch: 1, partitions: [sent(2, 10)], forgotten: [] });
    }
  });

  it('starts over whole after a failure whose effect on the broker is unknown, and does not call another error worth a retry', () => {
    const session = openSession();
    session.next([at(0, 12), at(1, 10), at(2, 10)], SIZE);
    session.reset(); // the connection broke: did the broker take offset 12?
    expect(session.next([at(0, 12), at(1, 10), at(2, 10)], SIZE)).toMatchObject({ epoch: 0, partitions: [sent(0, 12), sent(1, 10), sent(2, 10)] });
    expect(session.answered(KafkaErrorCode.NOT_LEADER_OR_FOLLOWER, 0)).toBe(false);
    expect(session.next([at(0, 12)], SIZE)).toMatchObject({ epoch: 0, partitions: [sent(0, 12)], forgotten: [] });
  });

  it('keeps sending whole requests while the broker has no room for a session (id 0)', () => {
    const session = new FetchSession();
    session.next([at(0, 10)], SIZE);
    session.answered(KafkaErrorCode.NONE, 0);
    expect(session.next([at(0, 10)], SIZE)).toEqual({ sessionId: 0, epoch: 0, partitions: [sent(0, 10)], forgotten: [] });
  });

  it('wraps the epoch from 2^31-1 to 1: 0 would open a new session and -1 means none', () => {
    expect(nextEpoch(1)).toBe(2);
    expect(nextEpoch(0x7fffffff)).toBe(1);
  });
});
