import { legacyKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { committedOffsets, listedGroups, resetGroupOffsets } from '../../helpers/kafka/committed-offsets.ts';
import { startConnectWorker } from '../../helpers/kafka/connect-worker.ts';
import { createTopicWithTool } from '../../helpers/kafka/kafka-tools.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { exactly, jobArgs, runCli, writeJob } from '../cli/cli-harness.ts';

/**
 * A source that runs Kafka Connect (or MirrorMaker 2, which is Connect) holds a group of protocol type
 * `connect`. Describing it as a consumer group failed the whole group sync (the member metadata is not
 * the consumer protocol's): seen beside MirrorMaker 2 in the steady-state bench. Kafka's own tools list
 * only consumer groups; so does the job.
 */
describe('a Kafka Connect group on a Kafka 2.6 source', () => {
  it('is left out as kafka-consumer-groups leaves it out, and the consumer group beside it syncs exactly', async () => {
    const [source, target] = await Promise.all([legacyKafka(), targetKafka()]);
    const topic = uniqueTopic('beside-connect');
    const group = `${topic}-g`;
    const connectGroup = `${topic}-connect`;
    await createTopicWithTool(source, topic, 2);
    await produceRecords(source, topic, Array.from({ length: 100 }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: `v${i}` })));
    await resetGroupOffsets(source, group, topic, 20);
    const connect = await startConnectWorker(source, connectGroup, target.version);
    try {
      // Both groups match the job's group pattern; others on the shared source do not.
      const files = writeJob(source, target, [topic], { spec: { groups: { include: [`${exactly(topic)}-.*`] } } });
      const run = await runCli(['run', ...jobArgs(files), '--until-caught-up', '--plain'], { timeoutMs: 150_000 });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/OutOfBounds|sync pass failed/) });
      expect(run.stdout).toMatch(/groups 1 of 1 synced/);
    } finally {
      await connect.stop();
    }
    // Kafka's own tool: the group resumes on the target at 20 in both partitions (records copied one to one from Earliest).
    expect(await committedOffsets(target, group, topic)).toEqual(new Map([[0, 20], [1, 20]]));
    expect(await listedGroups(target)).not.toContain(connectGroup);
    expect(await listedGroups(source)).toContain(group);
  }, 420_000);
});
