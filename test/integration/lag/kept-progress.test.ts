/**
 * What the operator keeps of a job between reconciles (operator/job-progress.adapter.ts): its
 * checkpoints read on from where the last read ended, and its links, opened again when the
 * credentials in its Secret change. Real brokers: the 3.9.1 SASL source, the 4.1.2 target.
 */
import { KeptProgressReader } from '../../../operator/job-progress.adapter.ts';
import { ClusterLink } from '../../../src/kafka/cluster-link.ts';
import { CheckpointFollower } from '../../../src/lag/checkpoint-follower.ts';
import { jobTopics } from '../../../src/replication/checkpoints/internal-topics.ts';
import { checkpointKey, encodeCheckpoint, type CopiedRange } from '../../../src/replication/checkpoints/progress-records.ts';
import { manifestSecretReader } from '../../../src/session/secret-reader.ts';
import { accessOf } from '../../helpers/kafka/access.ts';
import { sourceKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { createTopicWithTool, deleteRecordsWithTool } from '../../helpers/kafka/kafka-tools.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { aSyncJob } from '../../helpers/sync/sync-job.ts';

const range = (topic: string, partition: number, end: number): CopiedRange => ({ topic, partition, start: 0, end, runs: [{ source: 0, target: 0, count: end }], copied: end, targetNext: end });
const checkpointRecord = (r: CopiedRange) => ({ partition: 0, key: checkpointKey(r), value: encodeCheckpoint(r).toString('utf8') });

describe('the progress the operator keeps between reconciles', () => {
  let source: KafkaCluster;
  let target: KafkaCluster;

  beforeAll(async () => {
    [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
  });

  it('reads a job\'s checkpoints on from where the last read ended, keeping what it read before', async () => {
    const topics = jobTopics(uniqueTopic('follower'));
    // Deletable (the job's own topic is compacted) so that the test can take the start away.
    await createTopicWithTool(target, topics.checkpoints, 1, { 'cleanup.policy': 'delete' });
    await produceRecords(target, topics.checkpoints, [0, 1, 2].map((p) => checkpointRecord(range('orders', p, 10 + p))));
    const link = new ClusterLink(accessOf(target), 'test-follower');
    try {
      const follower = new CheckpointFollower(topics);
      const first = await follower.read(link);
      expect([...first.checkpoints.values()].map((r) => [r.partition, r.end])).toEqual([[0, 10], [1, 11], [2, 12]]);
      expect([follower.position, follower.lastRead]).toEqual([3, 3]);

      await deleteRecordsWithTool(target, topics.checkpoints, 0, 3);
      await produceRecords(target, topics.checkpoints, [checkpointRecord(range('orders', 0, 25))]);
      const second = await follower.read(link);
      expect([...second.checkpoints.values()].map((r) => [r.partition, r.end])).toEqual([[0, 25], [1, 11], [2, 12]]);
      expect([follower.position, follower.lastRead]).toEqual([4, 1]);
      await produceRecords(target, topics.checkpoints, [checkpointRecord(range('orders', 1, 30))]);
      await follower.read(link);
      expect([follower.position, follower.lastRead]).toEqual([5, 1]);
      // A reader from the start finds only what the topic still holds: the follower did not read it again.
      const fresh = await new CheckpointFollower(topics).read(link);
      expect([...fresh.checkpoints.values()].map((r) => [r.partition, r.end])).toEqual([[0, 25], [1, 30]]);
    } finally {
      await link.close();
    }
  });

  it('measures a job again over the links it kept, and logs in anew when the password in its Secret changes', async () => {
    const topic = uniqueTopic('kept');
    await createTopicWithTool(source, topic, 2);
    await produceRecords(source, topic, Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: `v${i}` })));
    const job = aSyncJob(topic, source, target, [topic]);
    const login = { ...source.sasl!.admin };
    const secrets = manifestSecretReader([{ metadata: { name: 'source-credentials' }, stringData: login }]);
    const reader = new KeptProgressReader();
    try {
      const first = await reader.read(job, secrets);
      expect(first).toMatchObject({ source: { connected: true }, target: { connected: true }, measured: { recordsBehind: 10, partitions: { total: 2, caughtUp: 0 } } });
      await produceRecords(source, topic, [{ partition: 0, key: 'k10', value: 'v10' }]);
      expect((await reader.read(job, secrets)).measured?.recordsBehind).toBe(11);

      // The kept link logged in with the old password; the new one must be tried, and refused.
      login.password = 'not-the-password';
      const refused = await reader.read(job, secrets);
      expect(refused.source).toMatchObject({ connected: false, reason: 'AuthenticationFailed' });
      expect(refused.measured).toBeUndefined();
      expect(JSON.stringify(refused)).not.toContain('not-the-password');

      login.password = source.sasl!.admin.password;
      expect(await reader.read(job, secrets)).toMatchObject({ source: { connected: true }, measured: { recordsBehind: 11 } });
    } finally {
      reader.close();
    }
  });
});
