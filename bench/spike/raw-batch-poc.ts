/**
 * Proof of concept for ARCHITECTURE.md section 4's fast path, built on @platformatic/kafka's exported
 * pieces: fetch a partition's record batches as raw bytes (magic v2, still compressed), rewrite only the
 * batch header (base offset, producer id/epoch, base sequence, transactional bit, CRC32C) and produce them
 * pre-encoded into the 4.1.2 target inside a transaction the library's Producer manages.
 * Run: node_modules/.bin/node bench/spike/raw-batch-poc.ts
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  Admin, crc32c, fetchV11, FetchIsolationLevels, Producer, produceV7, ResponseError, Writer, type BaseOptions, type Connection, type Reader, type ResponseParser,
} from '@platformatic/kafka';
import { kcatAuth, type KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';
import { startSpikeClusters, stopSpikeClusters, type SpikeClusters } from './spike-clusters.ts';
import { kcatRead } from './spike-support.ts';

const FETCH = 1, PRODUCE = 0;

/** Byte offsets inside a v2 record batch (Kafka's DefaultRecordBatch layout). */
const B = { baseOffset: 0, length: 8, leaderEpoch: 12, magic: 16, crc: 17, attributes: 21, lastOffsetDelta: 23, producerId: 43, producerEpoch: 51, baseSequence: 53, recordCount: 57, headerEnd: 61 } as const;

interface RawFetch { highWatermark: bigint; errorCode: number; records: Buffer | null }

/** Fetch v11 response parser that keeps the partition's records as the bytes the broker sent. */
const parseRawFetchV11: ResponseParser<RawFetch> = (_c, apiKey, apiVersion, r: Reader) => {
  r.readInt32(); // throttle
  r.readInt16(); // top-level error
  r.readInt32(); // session id
  const [topic] = r.readArray((t) => {
    t.readString(false);
    return t.readArray((p) => {
      p.readInt32();
      const errorCode = p.readInt16();
      const highWatermark = p.readInt64();
      p.readInt64(); // last stable offset
      p.readInt64(); // log start offset
      p.readNullableArray((a) => [a.readInt64(), a.readInt64()], false, false); // aborted txns (none in this PoC)
      p.readInt32(); // preferred read replica
      return { errorCode, highWatermark, records: p.readNullableBytes(false) };
    }, false, false);
  }, false, false);
  const part = topic?.[0];
  if (!part) throw new Error('empty fetch response');
  if (part.errorCode) throw new ResponseError(apiKey, apiVersion, { '/': [part.errorCode, null] }, part);
  return part;
};

function rawFetch(conn: Connection, topic: string, partition: number, offset: bigint, maxBytes: number): Promise<RawFetch> {
  // Fetch v11: the newest 2.6 serves (4.1.2 serves 4-18), still names topics by name, and >= v10 is needed
  // for zstd batches. The library's own request codec builds the request; only the response parser is ours.
  const request = () => fetchV11.createRequest(200, 1, maxBytes, FetchIsolationLevels.READ_COMMITTED, 0, -1, [
    { topicId: topic, partitions: [{ partition, fetchOffset: offset, partitionMaxBytes: maxBytes, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }] },
  ], [], '');
  return new Promise((resolve, reject) => conn.send(FETCH, 11, request, parseRawFetchV11, false, false, (err, res) => (err ? reject(err) : resolve(res!))));
}

/** Splits the fetched bytes into whole batches (the broker may cut the last one short). */
function splitBatches(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let pos = 0; pos + B.headerEnd <= bytes.length;) {
    const size = 12 + bytes.readInt32BE(pos + B.length);
    if (pos + size > bytes.length) break;
    out.push(bytes.subarray(pos, pos + size));
    pos += size;
  }
  return out;
}

/** The only per-batch work of the fast path: a fresh header identity for the target's producer, then CRC32C. */
function rewriteBatch(src: Buffer, producerId: bigint, epoch: number, baseSequence: number, transactional: boolean): Buffer {
  const b = Buffer.from(src); // copy: the fetched buffer may be shared
  b.writeBigInt64BE(0n, B.baseOffset); // the target assigns offsets
  b.writeInt32BE(-1, B.leaderEpoch);
  const attrs = b.readInt16BE(B.attributes);
  b.writeInt16BE(transactional ? attrs | 0x10 : attrs & ~0x10, B.attributes);
  b.writeBigInt64BE(producerId, B.producerId);
  b.writeInt16BE(epoch, B.producerEpoch);
  b.writeInt32BE(baseSequence, B.baseSequence);
  b.writeUInt32BE(crc32c(b.subarray(B.attributes)), B.crc); // CRC32C covers attributes .. end
  return b;
}

function rawProduce(conn: Connection, transactionalId: string | null, topic: string, partition: number, batches: Buffer[]): Promise<unknown> {
  const records = Buffer.concat(batches);
  const request = () => Writer.create()
    .appendString(transactionalId, false).appendInt16(-1).appendInt32(30_000)
    .appendArray([topic], (w, t) => w.appendString(t, false).appendArray([partition], (w2, p) => w2.appendInt32(p).appendInt32(records.length).append(records), false, false), false, false);
  // Produce v7 (zstd needs >= 7); its request layout is the same as v3's.
  return new Promise((resolve, reject) => conn.send(PRODUCE, 7, request, produceV7.parseResponse, false, false, (err, res) => (err ? reject(err) : resolve(res))));
}

const opts = (c: KafkaCluster): BaseOptions => ({ clientId: 'raw-poc', bootstrapBrokers: [c.bootstrap], ...(c.sasl ? { sasl: { mechanism: 'PLAIN' as const, ...c.sasl.admin } } : {}) });

async function copyPartitionRaw(source: KafkaCluster, target: KafkaCluster, codec: string, count: number): Promise<void> {
  const topic = `raw-${source.version}-${codec}-${Date.now().toString(36)}`;
  const sAdmin = new Admin(opts(source));
  const tAdmin = new Admin(opts(target));
  const txId = `raw-${topic}`;
  const producer = new Producer({ ...opts(target), idempotent: true, transactionalId: txId, producerId: -1n, producerEpoch: -1 });
  try {
    await sAdmin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    await tAdmin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    // Random hex: compressible about 2:1 like real payloads, not 100:1 like a repeated letter.
    const lines = Array.from({ length: count }, (_, i) => `k${i}\t${randomBytes(500).toString('hex')}`);
    const args = ['-b', source.bootstrap, ...kcatAuth(source), '-P', '-t', topic, '-p', '0', '-K', '\t', '-z', codec, '-H', 'h=1', '-H', 'h=2'];
    await new Promise<void>((res, rej) => { const ch = execFile('kcat', args, { maxBuffer: 1 << 26 }, (e) => (e ? rej(e) : res())); ch.stdin?.end(lines.join('\n') + '\n'); });

    const sLeader = (await sAdmin.metadata({ topics: [topic] })).topics.get(topic)!.partitions[0]!.leader;
    const tLeader = (await tAdmin.metadata({ topics: [topic] })).topics.get(topic)!.partitions[0]!.leader;
    const sConn = (await sAdmin.connectToBrokers([sLeader])).get(sLeader)!;
    const tConn = (await tAdmin.connectToBrokers([tLeader])).get(tLeader)!;

    const start = performance.now();
    const cpu0 = process.cpuUsage();
    // The library manages the transaction (InitProducerId, AddPartitionsToTxn, EndTxn); we put raw batches in it.
    const tx = await producer.beginTransaction();
    await tx.addPartitions(await producer.metadata({ topics: [topic] }), [{ topic, partition: 0, value: Buffer.alloc(0) }]);
    let offset = 0n, sequence = 0, batchesCopied = 0, bytes = 0, firstCodec = -1;
    for (;;) {
      const f = await rawFetch(sConn, topic, 0, offset, 4 << 20);
      if (offset >= f.highWatermark) break;
      const batches = splitBatches(f.records ?? Buffer.alloc(0)).filter((b) => b.readBigInt64BE(0) + BigInt(b.readInt32BE(B.lastOffsetDelta)) >= offset);
      if (!batches.length) break;
      const rewritten = batches.map((b) => {
        if (b.readInt8(B.magic) !== 2) throw new Error('not magic v2');
        firstCodec = firstCodec < 0 ? b.readInt16BE(B.attributes) & 7 : firstCodec;
        const r = rewriteBatch(b, producer.producerId!, producer.producerEpoch!, sequence, true);
        sequence += b.readInt32BE(B.recordCount);
        return r;
      });
      // Kafka takes exactly one v2 batch per partition per Produce request (more is INVALID_RECORD), so each
      // source batch is its own request; up to 5 in flight on one connection keep the idempotent order.
      for (let i = 0; i < rewritten.length; i += 5) await Promise.all(rewritten.slice(i, i + 5).map((b) => rawProduce(tConn, txId, topic, 0, [b])));
      const last = batches.at(-1)!;
      offset = last.readBigInt64BE(0) + BigInt(last.readInt32BE(B.lastOffsetDelta)) + 1n;
      batchesCopied += batches.length;
      bytes += rewritten.reduce((n, b) => n + b.length, 0);
    }
    await tx.commit();
    const secs = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);

    const [src, dst] = [await kcatRead(source, topic, 0), await kcatRead(target, topic, 0)];
    const same = src.length === dst.length && src.every((r, i) => r.key === dst[i]?.key && r.payload === dst[i]?.payload && r.ts === dst[i]?.ts && JSON.stringify(r.headers) === JSON.stringify(dst[i]?.headers));
    const tf = await rawFetch(tConn, topic, 0, 0n, 1 << 20);
    const targetCodec = (splitBatches(tf.records ?? Buffer.alloc(0))[0]?.readInt16BE(B.attributes) ?? -1) & 7;
    console.log(`${same ? 'PASS' : 'FAIL'} raw-batch ${source.name} -> ${target.name} ${codec}: ${src.length} records in ${batchesCopied} batches, ${(bytes / 1e6).toFixed(1)} MB on the wire, ` +
      `${Math.round(src.length / secs)} rec/s, ${(cpu.user + cpu.system) / 1e6} CPU s, codec source=${firstCodec} target=${targetCodec}; kcat equal on both sides: ${same}`);
  } finally {
    await Promise.all([sAdmin.close(), tAdmin.close(), producer.close()]);
  }
}

let clusters: SpikeClusters | undefined;
try {
  clusters = await startSpikeClusters();
  for (const source of [clusters.legacy, clusters.source]) for (const codec of ['zstd', 'lz4']) await copyPartitionRaw(source, clusters.target, codec, 20_000);
} catch (err) {
  console.log('FAIL raw-batch', err);
} finally {
  await stopSpikeClusters(clusters);
}
process.exit(0);
