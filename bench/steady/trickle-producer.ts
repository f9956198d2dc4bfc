/**
 * The steady state's load: `rate` records per second of `recordSize` bytes, round-robin over every
 * partition of every topic, so at the defaults each of 2,000 partitions gets one record a second (the
 * seed's trickle). Sent every 100 ms as one request; each record's key is its number within its
 * partition (the readers' ledger) and its CreateTime the moment of sending (the readers' latency).
 * Idempotent: on a loaded machine a retried send otherwise wrote records twice on the source.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Producer } from '@platformatic/kafka';
import { accessOf } from '../../test/helpers/kafka/access.ts';
import type { KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';
import type { TopicLayout } from '../cluster-admin.ts';

const TICK_MS = 100;

export interface TrickleProducer {
  /** Stops writing; resolves once the last send is answered. */
  stop(): Promise<void>;
  acknowledged(): number;
  /** Sends the source refused (after the client's own retries): those records may be missing on the source too; the judge reads what is there. */
  failedSends(): number;
}

export function startTrickleProducer(source: KafkaCluster, layout: readonly TopicLayout[], rate: number, recordSize: number): TrickleProducer {
  const access = accessOf(source);
  const producer = new Producer({ clientId: 'steady-trickle', bootstrapBrokers: access.bootstrapServers, ...(access.sasl ? { sasl: access.sasl } : {}), retries: 10, retryDelay: 250, acks: -1, idempotent: true });
  const partitions = layout.flatMap((t) => Array.from({ length: t.partitions }, (_, partition) => ({ topic: t.name, partition })));
  const next = new Array<number>(partitions.length).fill(0);
  const value = Buffer.alloc(recordSize, 'steady-state '); // content does not matter: nothing compresses it
  let writing = true;
  let sent = 0;
  let acknowledged = 0;
  let failed = 0;
  const started = performance.now();
  const loop = (async () => {
    while (writing) {
      // As many records as the rate allows by now: a slow send is made up by the next one.
      const due = Math.floor(((performance.now() - started) / 1000) * rate) - sent;
      if (due > 0) {
        const timestamp = BigInt(Date.now());
        const messages = Array.from({ length: due }, () => {
          const slot = sent++ % partitions.length;
          const { topic, partition } = partitions[slot]!;
          return { topic, partition, key: Buffer.from(String(next[slot]!++)), value, timestamp };
        });
        try {
          await producer.send({ messages });
          acknowledged += messages.length;
        } catch {
          failed++;
        }
      }
      await sleep(TICK_MS);
    }
  })();
  return {
    stop: async () => {
      writing = false;
      await loop;
      await producer.close();
    },
    acknowledged: () => acknowledged,
    failedSends: () => failed,
  };
}
