import { ClusterLink, encodeBatch, isFenced, kafkaErrorCode, type BrokerConnection } from '../../src/kafka/index.ts';
import { TargetWriter } from '../../src/replication/sink/target.writer.ts';
import { accessOf } from '../helpers/kafka/access.ts';
import { targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { kcatReadAll } from '../helpers/kafka/kcat.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { losingAnswers } from '../helpers/kafka/lost-answers.ts';
import { describeTransaction } from '../helpers/kafka/transactions-tool.ts';

const INIT_PRODUCER_ID = 22;

/** A link to the real target whose next `toLose` InitProducerId answers never reach the writer (the coordinator has acted on them). */
class LostInitAnswersLink extends ClusterLink {
  toLose = 0;

  override async connectionToHost(host: string, port: number): Promise<BrokerConnection> {
    return losingAnswers(await super.connectionToHost(host, port), (apiKey) => apiKey === INIT_PRODUCER_ID && this.toLose > 0 && this.toLose-- > 0);
  }
}

/** Writes one record with `value` into the writer's open transaction. */
async function writeOne(writer: TargetWriter, topic: string, value: string): Promise<void> {
  await writer.addToTransaction([{ topic, partition: 0 }]);
  const [outcome] = await writer.write([{ topic, partition: 0, bytes: encodeBatch([{ offset: 0n, timestamp: BigInt(Date.now()), key: null, value: Buffer.from(value), headers: [] }], 0), recordCount: 1 }]);
  expect(outcome).toMatchObject({ ok: true });
}

const fencedCode = (err: unknown): boolean => {
  const code = kafkaErrorCode(err);
  return code !== undefined && isFenced(code);
};

// The landing CI saw an ExactlyOnce worker stop for good as "fenced by a newer instance" after the
// target broker restarted, with no newer instance anywhere: its re-initialisation had reached the
// coordinator while the broker came back, the answer had not, and the epoch the coordinator bumped
// for it read as another holder's. InitProducerId now carries the epoch it bumps from (KIP-360).
describe('an InitProducerId whose answer was lost', () => {
  it('is asked again with the epoch it bumped from, and the coordinator answers its own bump: the writer goes on, not fenced', async () => {
    const target = await targetKafka();
    const topic = uniqueTopic('lost-init');
    const transactionalId = uniqueTopic('lost-init-id');
    await createTopicWithTool(target, topic, 1);
    const link = new LostInitAnswersLink(accessOf(target), 'test-lost-init');
    try {
      const writer = new TargetWriter(link, transactionalId);
      const first = await writer.init();
      await writeOne(writer, topic, 'aborted');

      link.toLose = 1;
      await expect(writer.init()).rejects.toThrow(/answer was lost/);
      // The coordinator did bump the epoch: the writer does not know it yet.
      expect(await describeTransaction(target, transactionalId)).toEqual({ state: 'Empty', epoch: first.producerEpoch + 1 });

      const again = await writer.init();
      expect(again).toEqual({ producerId: first.producerId, producerEpoch: first.producerEpoch + 1 });
      await writeOne(writer, topic, 'committed');
      await writer.commit();
      expect((await kcatReadAll(target, topic)).map((r) => r.payload)).toEqual(['committed']);
    } finally {
      await link.close();
    }
  });

  it('still yields to a newer holder of the id, idle or inside a transaction, and leaves its transaction alone', async () => {
    const target = await targetKafka();
    const topic = uniqueTopic('lost-init-zombie');
    const transactionalId = uniqueTopic('lost-init-zombie-id');
    await createTopicWithTool(target, topic, 1);
    const zombieLink = new LostInitAnswersLink(accessOf(target), 'test-lost-init-zombie');
    const holderLink = new ClusterLink(accessOf(target), 'test-lost-init-holder');
    try {
      const zombie = new TargetWriter(zombieLink, transactionalId);
      await zombie.init();
      await writeOne(zombie, topic, 'aborted');
      zombieLink.toLose = 1;
      await expect(zombie.init()).rejects.toThrow(/answer was lost/);

      // A replacement takes the id, and is idle between transactions.
      const holder = new TargetWriter(holderLink, transactionalId);
      const held = await holder.init();
      const idle = await zombie.init().then(() => 'took the id', (err: unknown) => err);
      expect(fencedCode(idle)).toBe(true);

      // The replacement is inside a transaction: the zombie's init must not abort it.
      await writeOne(holder, topic, 'committed');
      const busy = await zombie.init().then(() => 'took the id', (err: unknown) => err);
      expect(fencedCode(busy)).toBe(true);
      await holder.commit();
      expect(await describeTransaction(target, transactionalId)).toEqual({ state: 'CompleteCommit', epoch: held.producerEpoch });
      expect((await kcatReadAll(target, topic)).map((r) => r.payload)).toEqual(['committed']);
    } finally {
      await Promise.all([zombieLink.close(), holderLink.close()]);
    }
  });
});
