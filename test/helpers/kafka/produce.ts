import { readFileSync } from 'node:fs';
import { Producer } from '@platformatic/kafka';
import { accessOf } from './access.ts';
import type { KafkaCluster } from './kafka-cluster.ts';

/** A record as tests write it to a source topic. Header values may repeat a key. */
export interface TestRecord {
  partition: number;
  key: string | null;
  value: string | null;
  headers?: Array<[string, string]>;
  timestamp?: number;
}

/**
 * Writes test records with @platformatic/kafka's own producer (not the project's data path), so the
 * source holds what an ordinary Kafka client writes.
 */
export async function produceRecords(
  cluster: KafkaCluster,
  topic: string,
  records: TestRecord[],
  options: { compression?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'; transactional?: 'commit' | 'abort'; idempotent?: boolean; perSend?: number } = {},
): Promise<void> {
  const access = accessOf(cluster);
  const producer = new Producer({
    clientId: 'test-producer',
    bootstrapBrokers: access.bootstrapServers,
    ...(access.sasl ? { sasl: access.sasl } : {}),
    ...(cluster.tls ? { tls: { ca: readFileSync(cluster.tls.caFile), ...(cluster.tls.mutual ? { cert: readFileSync(cluster.tls.clientCertFile), key: readFileSync(cluster.tls.clientKeyFile) } : {}) } } : {}),
    // Idempotent by default: a retried send must not write a batch twice into the source under test.
    // Topics in the old message formats (magic 0/1) cannot take idempotent writes.
    idempotent: options.idempotent ?? true,
    ...(options.transactional ? { transactionalId: `test-txn-${Math.random().toString(36).slice(2)}` } : {}),
    compression: options.compression ?? 'none',
  });
  try {
    const messages = records.map((r) => ({
      topic,
      partition: r.partition,
      key: r.key === null ? undefined : Buffer.from(r.key),
      value: r.value === null ? undefined : Buffer.from(r.value),
      // Distinct Buffer objects keep repeated header keys as separate headers.
      headers: new Map((r.headers ?? []).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
      ...(r.timestamp !== undefined ? { timestamp: BigInt(r.timestamp) } : {}),
    }));
    if (options.transactional) {
      const txn = await producer.beginTransaction();
      await txn.send({ messages: messages as never });
      if (options.transactional === 'commit') await txn.commit();
      else await txn.abort();
    } else {
      // One send is one batch per partition: perSend 1 writes a batch per record, as producers at a trickle do.
      const perSend = options.perSend ?? 500;
      for (let i = 0; i < messages.length; i += perSend) await producer.send({ messages: messages.slice(i, i + perSend) as never });
    }
  } finally {
    await producer.close();
  }
}
