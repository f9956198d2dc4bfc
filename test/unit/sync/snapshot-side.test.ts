import { KafkaClientError } from '../../../src/kafka/kafka-client.port.ts';
import { onSide } from '../../../src/sync/cluster-snapshot.reader.ts';

describe('a snapshot read that failed names its cluster', () => {
  it('keeps the request, Kafka error and retriability, and says which cluster refused', () => {
    const err = onSide('source', new KafkaClientError('describeGroups', 'GROUP_AUTHORIZATION_FAILED', false, 'Group authorization failed.'));
    expect(err).toMatchObject({ operation: 'reading the source (describeGroups)', code: 'GROUP_AUTHORIZATION_FAILED', retriable: false });
    expect(err.message).toBe('reading the source (describeGroups): GROUP_AUTHORIZATION_FAILED: Group authorization failed.');
  });

  it('an error that is not Kafka\'s still says which cluster', () => {
    expect(onSide('target', new Error('boom')).message).toBe('reading the target: CLIENT: boom');
  });
});
