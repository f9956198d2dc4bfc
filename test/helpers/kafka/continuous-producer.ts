import { Producer } from '@platformatic/kafka';
import { accessOf } from './access.ts';
import type { KafkaCluster } from './kafka-cluster.ts';

const running = new Set<ContinuousProducer>();

/** Stops every producer still writing: for an afterEach, so a failed test leaves no loop behind. */
export async function stopContinuousProducers(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

export interface ContinuousProducer {
  /** Stops writing; resolves with the number of records the source acknowledged. */
  stop(): Promise<number>;
}

/**
 * Keeps writing uniquely numbered records to every partition of `topic` while a test breaks things,
 * retrying through broker restarts. Records are unique by value, so the judge can count loss and
 * duplication exactly.
 */
export function startContinuousProducer(cluster: KafkaCluster, topic: string, partitions: number, batch = 50): ContinuousProducer {
  const access = accessOf(cluster);
  const producer = new Producer({ clientId: 'test-load', bootstrapBrokers: access.bootstrapServers, ...(access.sasl ? { sasl: access.sasl } : {}), retries: 20, retryDelay: 250 });
  let writing = true;
  let acknowledged = 0;
  let seq = 0;
  const loop = (async () => {
    while (writing) {
      const messages = Array.from({ length: batch }, () => {
        const n = seq++;
        return { topic, partition: n % partitions, key: Buffer.from(`k${n % 100}`), value: Buffer.from(`load-${n}`) };
      });
      try {
        await producer.send({ messages });
        acknowledged += messages.length;
      } catch {
        // A restarting broker: these records may or may not be on the source; the judge reads what is.
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  let closed: Promise<number> | undefined;
  const handle: ContinuousProducer = {
    stop() {
      writing = false;
      running.delete(handle);
      closed ??= loop.then(() => producer.close()).then(() => acknowledged);
      return closed;
    },
  };
  running.add(handle);
  return handle;
}
