/**
 * Writes the seed's-width data set (width-layout.ts) to the source with an ordinary client
 * (@platformatic/kafka's producer, not the project's data path), compacts its compacted topics, ends
 * every partition with an end marker, and counts what a read_committed reader sees with kcat.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Producer } from '@platformatic/kafka';
import { mapLimit } from '../../src/sync/concurrency.ts';
import { accessOf } from '../../test/helpers/kafka/access.ts';
import { kcatAuth, type KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';
import { KCAT_QUICK_END } from '../../test/helpers/kafka/kcat.ts';
import type { Codec } from '../bench-options.ts';
import type { ClusterAdmin } from '../cluster-admin.ts';
import type { DataToCopy } from '../copy-watch.ts';
import { END_MARKER } from '../data-set.ts';
import { COMPACTED_KEYS, recordsPerTopic, widthLayout, widthRecord, type WidthKind, type WidthShape, type WidthTopic } from './width-layout.ts';

const run = promisify(execFile);

export interface WidthDataSet extends DataToCopy {
  shape: WidthShape;
  layout: WidthTopic[];
  /** Records written per kind, aborted ones included, and the records a read_committed reader sees. */
  written: Record<WidthKind, number>;
  preloadSeconds: number;
}

/** Until the cleaner runs, a compacted topic's segment rolls after a second, so the cleaner can take what came before. */
const COMPACTING = { 'cleanup.policy': 'compact', 'segment.ms': '1000', 'min.cleanable.dirty.ratio': '0.01', 'min.compaction.lag.ms': '0' };
/** Records per transaction; every third transaction is aborted. */
const TRANSACTION_RECORDS = 300;

export async function preloadWidth(source: KafkaCluster, admin: ClusterAdmin, shape: WidthShape, log: (message: string) => void): Promise<WidthDataSet> {
  const started = performance.now();
  const layout = widthLayout(shape);
  await admin.deleteTopics(layout.map((t) => t.name));
  const compacted = layout.filter((t) => t.kind === 'compacted');
  await admin.createTopics(layout.filter((t) => t.kind !== 'compacted'));
  await admin.createTopics(compacted, COMPACTING);

  // 64 KiB of random capitals; every value is a slice of it.
  const payload = Buffer.from(randomBytes(65_536).map((b) => 65 + (b % 26)));
  const marker = Buffer.from(END_MARKER);
  const written: Record<WidthKind, number> = { plain: 0, compacted: 0, transactional: 0 };
  const producers = new Map<Codec, Producer>();
  const producerFor = (codec: Codec): Producer => {
    let p = producers.get(codec);
    if (!p) producers.set(codec, (p = new Producer({ clientId: `bench-width-${codec}`, bootstrapBrokers: accessOf(source).bootstrapServers, idempotent: true, compression: codec })));
    return p;
  };
  try {
    await mapLimit(layout, 12, async (topic) => {
      const count = topic.kind === 'transactional'
        ? await writeInTransactions(source, topic, recordsPerTopic(shape, topic), payload)
        : await writeTopic(producerFor(topic.codec), topic, recordsPerTopic(shape, topic), payload);
      written[topic.kind] += count;
    });
    log(`width set written: ${JSON.stringify(written)}`);
    // The end markers roll the compacted topics' segments (a second has passed), so the cleaner takes the rest.
    await sleep(1_100);
    await producerFor('none').send({ messages: layout.flatMap((t) => Array.from({ length: t.partitions }, (_, partition) => ({ topic: t.name, partition, key: marker, value: marker }))) });
  } finally {
    await Promise.allSettled([...producers.values()].map((p) => p.close()));
  }
  await untilCompacted(source, admin, compacted);
  log('width set compacted');

  const sourceEnd = await admin.endOffsets(layout);
  const committed = new Map<string, number>();
  let bytes = 0;
  const counted = new Map((await mapLimit(layout.filter((t) => t.kind !== 'plain'), 4, async (t) => [t.name, await countCommitted(source, t.name)] as const)));
  for (const t of layout) {
    const c = counted.get(t.name);
    // Plain topics: idempotent writes of one producer, no transactions, so every offset holds a record.
    for (let p = 0; p < t.partitions; p++) committed.set(`${t.name}:${p}`, c ? (c.records.get(p) ?? 0) : (sourceEnd.get(`${t.name}:${p}`) ?? 0));
    bytes += c ? c.bytes - t.partitions * marker.length : valueBytes(t, recordsPerTopic(shape, t), payload);
  }
  const endMarkers = layout.reduce((n, t) => n + t.partitions, 0);
  const records = [...committed.values()].reduce((a, b) => a + b, 0) - endMarkers;
  return { shape, layout, committed, records, bytes, written, preloadSeconds: (performance.now() - started) / 1000 };
}

async function writeTopic(producer: Producer, topic: WidthTopic, count: number, payload: Buffer): Promise<number> {
  for (let i = 0; i < count; i += topic.perSend) {
    const messages = [];
    for (let j = i; j < Math.min(count, i + topic.perSend); j++) {
      const r = widthRecord(topic, j, payload);
      messages.push({ topic: topic.name, partition: r.partition, key: Buffer.from(r.key), value: r.value });
    }
    await producer.send({ messages });
  }
  return count;
}

async function writeInTransactions(source: KafkaCluster, topic: WidthTopic, count: number, payload: Buffer): Promise<number> {
  const producer = new Producer({ clientId: `bench-width-txn-${topic.name}`, bootstrapBrokers: accessOf(source).bootstrapServers, idempotent: true, transactionalId: `bench-width-${topic.name}`, compression: topic.codec });
  try {
    for (let i = 0, n = 0; i < count; i += TRANSACTION_RECORDS, n++) {
      const messages = [];
      for (let j = i; j < Math.min(count, i + TRANSACTION_RECORDS); j++) {
        const r = widthRecord(topic, j, payload);
        messages.push({ topic: topic.name, partition: r.partition, key: Buffer.from(r.key), value: r.value });
      }
      const txn = await producer.beginTransaction();
      await txn.send({ messages });
      if (n % 3 === 1) await txn.abort();
      else await txn.commit();
    }
  } finally {
    await producer.close();
  }
  return count;
}

const valueBytes = (topic: WidthTopic, count: number, payload: Buffer): number => {
  let n = 0;
  for (let i = 0; i < count; i++) n += widthRecord(topic, i, payload).value.length;
  return n;
};

/** Records and value bytes per partition that a read_committed reader (kcat) sees, end marker included. */
async function countCommitted(cluster: KafkaCluster, topic: string): Promise<{ records: Map<number, number>; bytes: number }> {
  const { stdout } = await run('kcat', ['-b', cluster.bootstrap, ...kcatAuth(cluster), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'isolation.level=read_committed', ...KCAT_QUICK_END, '-f', '%p %S\n'], { maxBuffer: 1 << 28, timeout: 300_000 });
  const records = new Map<number, number>();
  let bytes = 0;
  for (const line of stdout.split('\n')) {
    if (!line) continue;
    const [p, size] = line.split(' ').map(Number) as [number, number];
    records.set(p, (records.get(p) ?? 0) + 1);
    bytes += size > 0 ? size : 0;
  }
  return { records, bytes };
}

/**
 * Waits until the cleaner has removed superseded records from every compacted partition, then stops
 * it (a day's min.compaction.lag.ms, the default segment.ms again), so source and copies keep the same
 * records while the bench runs, and waits until the counts stand still.
 */
async function untilCompacted(source: KafkaCluster, admin: ClusterAdmin, topics: readonly WidthTopic[]): Promise<void> {
  if (topics.length === 0) return;
  const deadline = Date.now() + 300_000;
  for (let pending = [...topics]; pending.length > 0; await sleep(1_000)) {
    const counts = await mapLimit(pending, 4, async (t) => ({ t, records: (await countCommitted(source, t.name)).records }));
    // Compacted: each partition holds its last record per key and the end marker, nothing superseded.
    pending = counts.filter(({ t, records }) => Array.from({ length: t.partitions }, (_, p) => records.get(p) ?? 0).some((n) => n > COMPACTED_KEYS + 1)).map(({ t }) => t);
    if (pending.length > 0 && Date.now() > deadline) throw new Error(`the log cleaner did not compact ${pending.length} topics within 300 s (first: ${pending[0]!.name})`);
  }
  await mapLimit(topics, 8, (t) => admin.alterTopicConfigs(t.name, { set: { 'min.compaction.lag.ms': String(24 * 3600 * 1000) }, remove: ['segment.ms', 'min.cleanable.dirty.ratio'] }));
  // A cleaning that started before the change finishes; the counts tell when.
  let before = '';
  for (;;) {
    await sleep(2_000);
    const now = JSON.stringify(await mapLimit(topics, 4, async (t) => [...(await countCommitted(source, t.name)).records]));
    if (now === before) return;
    before = now;
  }
}
