import { KafkaClientError, type KafkaAdmin } from '../../../src/kafka/kafka-client.port.ts';
import { readClusterSnapshot } from '../../../src/sync/cluster-snapshot.reader.ts';

const denied = (operation: string) => new KafkaClientError(operation, 'GROUP_AUTHORIZATION_FAILED', false, 'Group authorization failed.');

/**
 * A cluster that lists every group (the login has Describe on the Cluster) but refuses to describe
 * `private`, as Kafka does: a request naming it fails as a whole. Only the group calls matter here.
 */
function clusterHiding(hidden: string | undefined): KafkaAdmin {
  const groups = ['billing', 'private', 'audit'];
  return {
    describeCluster: async () => ({ clusterId: 'c', brokerIds: [1], apis: [] }),
    listTopics: async () => [],
    describeConfigs: async () => [],
    describeAcls: async () => [],
    listConsumerGroups: async () => groups.map((groupId) => ({ groupId, state: 'Empty' as const, protocolType: 'consumer' })),
    describeGroups: async (ids: string[]) => {
      if (hidden !== undefined && ids.includes(hidden)) throw denied('describeGroups');
      return ids.map((groupId) => ({ groupId, state: 'Empty' as const, members: [] }));
    },
    listGroupOffsets: async (id: string) => [{ topic: `${id}-topic`, partition: 0, offset: 5n }],
  } as unknown as KafkaAdmin;
}

describe('reading groups when the login may not describe some of them', () => {
  it('leaves out and names only the refused group; the others are read', async () => {
    const snapshot = await readClusterSnapshot(clusterHiding('private'));
    expect([...snapshot.groups.keys()]).toEqual(['audit', 'billing']);
    expect(snapshot.groups.get('billing')?.offsets).toHaveLength(1);
    expect(snapshot.groupsUnreadable).toEqual([{ group: 'private', code: 'GROUP_AUTHORIZATION_FAILED' }]);
  });

  it('says nothing is unreadable when every group could be described', async () => {
    const snapshot = await readClusterSnapshot(clusterHiding(undefined));
    expect(snapshot.groups.size).toBe(3);
    expect(snapshot.groupsUnreadable).toBeUndefined();
  });

  it('still fails on an error that is not a missing permission', async () => {
    const admin = { ...clusterHiding('private'), describeGroups: async () => Promise.reject(new KafkaClientError('describeGroups', 'COORDINATOR_NOT_AVAILABLE', true, 'later')) } as KafkaAdmin;
    await expect(readClusterSnapshot(admin)).rejects.toMatchObject({ code: 'COORDINATOR_NOT_AVAILABLE' });
  });
});
