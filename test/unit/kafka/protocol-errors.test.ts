import { toKafkaClientError } from '../../../src/kafka/platformatic-errors.ts';
import { KafkaErrorCode, KafkaProtocolError } from '../../../src/kafka/wire/kafka-error-codes.ts';

describe('errors of the project\'s own wire code', () => {
  it('keep Kafka\'s error name and retriability (a missing permission is not retried, not a CLIENT error)', () => {
    const err = toKafkaClientError('replication', new KafkaProtocolError(KafkaErrorCode.TOPIC_AUTHORIZATION_FAILED, 'reading __kafka-mirror.ns.job.checkpoints/0'));
    expect(err).toMatchObject({ code: 'TOPIC_AUTHORIZATION_FAILED', retriable: false, operation: 'replication' });
    expect(err.message).toBe('replication: TOPIC_AUTHORIZATION_FAILED: reading __kafka-mirror.ns.job.checkpoints/0: TOPIC_AUTHORIZATION_FAILED');
  });
});
