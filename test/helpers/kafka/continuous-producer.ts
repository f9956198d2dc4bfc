import { setTimeout as sleep } from 'node:timers/promises';
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
  /** Resolves with the records acknowledged once `records` (when given) are acknowledged, or at stop(). */
  finished: Promise<number>;
  /** Records acknowledged so far. */
  acknowledged(): number;
  /**
   * Records handed to a send so far, acknowledged or not: a send that failed through a broker restart
   * may still have written its batch, so the source holds between acknowledged() and this many.
   */
  attempted(): number;
}

export interface ContinuousProducerOptions {
  /** Records per send. */
  batch?: number;
  /** Stop by itself once this many records are acknowledged. */
  records?: number;
  /** An upper limit on the records written per second, on average since the start. */
  perSecond?: number;
  /** Kafka's idempotent producer: a retry inside the client does not write a batch twice on the source. */
  idempotent?: boolean;
}

/**
 * Keeps writing uniquely numbered records to every partition of `topic` while a test breaks things,
 * retrying through broker restarts. Records are unique by key and value (and carry their number in a
 * header), so the judge can count loss and duplication exactly.
 */
export function startContinuousProducer(cluster: KafkaCluster, topic: string, partitions: number, options: ContinuousProducerOptions = {}): ContinuousProducer {
  const { batch = 50, records = Infinity, perSecond, idempotent = false } = options;
  const access = accessOf(cluster);
  const producer = new Producer({ clientId: 'test-load', bootstrapBrokers: access.bootstrapServers, ...(access.sasl ? { sasl: access.sasl } : {}), retries: 20, retryDelay: 250, idempotent });
  let writing = true;
  let acknowledged = 0;
  let seq = 0;
  const started = Date.now();
  const loop = (async () => {
    while (writing && acknowledged < records) {
      const messages = Array.from({ length: Math.min(batch, records - acknowledged) }, () => {
        const n = seq++;
        return { topic, partition: n % partitions, key: Buffer.from(`k${n}`), value: Buffer.from(`load-${n}`), headers: new Map([[Buffer.from('seq'), Buffer.from(String(n))]]) };
      });
      try {
        await producer.send({ messages });
        acknowledged += messages.length;
      } catch {
        // A restarting broker: these records may or may not be on the source; the judge reads what is.
        await sleep(500);
      }
      // At the rate asked for (when asked), else a short breath between sends.
      await sleep(perSecond ? Math.max(0, started + (seq / perSecond) * 1000 - Date.now()) : 20);
    }
  })();
  const finished = loop.then(() => producer.close()).then(() => acknowledged);
  const handle: ContinuousProducer = {
    stop() {
      writing = false;
      running.delete(handle);
      return finished;
    },
    finished,
    acknowledged: () => acknowledged,
    attempted: () => seq,
  };
  running.add(handle);
  const forget = () => void running.delete(handle);
  finished.then(forget, forget);
  return handle;
}
