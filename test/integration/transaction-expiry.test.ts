import { ClusterLink, type BrokerConnection } from '../../src/kafka/index.ts';
import { TargetWriter } from '../../src/replication/sink/target.writer.ts';
import { accessOf } from '../helpers/kafka/access.ts';
import { targetKafka, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { describeTransaction } from '../helpers/kafka/transactions-tool.ts';
import { waitFor } from '../helpers/processes.ts';

/** The link to a real broker, which the test can cut off: every new request fails as an unreachable cluster's would. */
class SeveredLink extends ClusterLink {
  severed = false;

  #check(): void {
    if (this.severed) throw new Error('connect ECONNREFUSED (the test cut the target off)');
  }

  override async anyConnection(): Promise<BrokerConnection> {
    this.#check();
    return super.anyConnection();
  }

  override async connectionToHost(host: string, port: number): Promise<BrokerConnection> {
    this.#check();
    return super.connectionToHost(host, port);
  }
}

const TIMEOUT_MS = 3_000;

// Through an outage of the target longer than the transaction timeout, the coordinator aborts the open
// transaction once it is back and bumps the epoch. The worker's next InitProducerId must not read that
// bump as a newer holder of its id: the 10-minute outage soak found workers idling as "fenced" after it.
describe('a transaction that expired while the target was out of reach', () => {
  it('is recognised as our own expiry, and the writer takes its id again instead of stopping as fenced', async () => {
    const target = await targetKafka();
    const topic = uniqueTopic('txn-expiry');
    const transactionalId = uniqueTopic('txn-expiry-id');
    await createTopicWithTool(target, topic, 1);
    const link = new SeveredLink(accessOf(target), 'test-txn-expiry');
    try {
      const writer = new TargetWriter(link, transactionalId, TIMEOUT_MS);
      const first = await writer.init();
      await writer.addToTransaction([{ topic, partition: 0 }]);
      expect(await describeTransaction(target, transactionalId)).toMatchObject({ state: 'Ongoing', epoch: first.producerEpoch });

      // The target goes away: the worker's recovery (init again) fails while the transaction is young.
      link.severed = true;
      await expect(writer.init()).rejects.toThrow(/ECONNREFUSED/);
      // Meanwhile the coordinator gives up on the transaction (its timeout, then its cleanup pass).
      const aborted = await waitFor('the coordinator to abort the expired transaction', async () => {
        const t = await describeTransaction(target, transactionalId);
        return t.state === 'CompleteAbort' ? t : undefined;
      }, { timeoutMs: 60_000, intervalMs: 1_000 });
      expect(aborted.epoch).toBeGreaterThan(first.producerEpoch);

      // The target is back: the writer takes its id again and commits under the new epoch.
      link.severed = false;
      const again = await writer.init();
      expect(again.producerEpoch).toBeGreaterThan(aborted.epoch);
      await writer.addToTransaction([{ topic, partition: 0 }]);
      await writer.commit();
      expect(await describeTransaction(target, transactionalId)).toEqual({ state: 'CompleteCommit', epoch: again.producerEpoch });
    } finally {
      await link.close();
    }
  }, 120_000);
});
