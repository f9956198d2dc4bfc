import { KafkaErrorCode } from '../../../src/kafka/index.ts';
import { resendable } from '../../../src/replication/sink/resend.ts';
import type { BatchOutcome, OutgoingBatch } from '../../../src/replication/sink/target.writer.ts';

const batch = (partition: number): OutgoingBatch => ({ topic: 'orders', partition, bytes: Buffer.alloc(0), recordCount: 1 });
const ok: BatchOutcome = { ok: true, baseOffset: 0 };
const failed = (errorCode: number): BatchOutcome => ({ ok: false, errorCode, message: '' });

describe('resendable (which failed writes go again, stamped as they were)', () => {
  it('sends again the batches whose answer never came or whose leader was moving, in their order', () => {
    const batches = [batch(0), batch(1), batch(0), batch(2), batch(3)];
    const outcomes = [failed(KafkaErrorCode.NETWORK_EXCEPTION), ok, failed(KafkaErrorCode.NETWORK_EXCEPTION), failed(KafkaErrorCode.NOT_LEADER_OR_FOLLOWER), failed(KafkaErrorCode.REQUEST_TIMED_OUT)];
    expect(resendable(batches, outcomes)).toEqual([0, 2, 3, 4]);
  });

  it('also sends again the batches queued behind a transient gap, which the broker called out of order', () => {
    const batches = [batch(0), batch(0), batch(0)];
    expect(resendable(batches, [ok, failed(KafkaErrorCode.NOT_ENOUGH_REPLICAS), failed(KafkaErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER)])).toEqual([1, 2]);
  });

  it('leaves a partition to the caller when a failure of it does not pass by itself', () => {
    const batches = [batch(0), batch(0), batch(1), batch(2)];
    const outcomes = [
      failed(KafkaErrorCode.NETWORK_EXCEPTION),
      failed(KafkaErrorCode.MESSAGE_TOO_LARGE), // partition 0: a refused record stops it, resent or not
      failed(KafkaErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER), // partition 1: out of order with no transient gap before it
      failed(KafkaErrorCode.PRODUCER_FENCED),
    ];
    expect(resendable(batches, outcomes)).toEqual([]);
  });

  it('has nothing to send again when every write landed', () => {
    expect(resendable([batch(0), batch(1)], [ok, ok])).toEqual([]);
  });
});
