/** The spike's checks 1-9 for kafkajs 2.2.4 against one cluster. */
// kafkajs is CommonJS whose named exports Node cannot detect statically: take them from the default export.
import kafkajs, { type Admin, type IHeaders, type Kafka as KafkaClient, type KafkaConfig } from 'kafkajs';
import type { KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';
import {
  assert, check, eventually, fidelityDiff, fidelityRecords, kafkaErrorName, kcatAsFidelity, kcatGroupMember, kcatRead, kcatWrite, type FidelityRecord,
} from './spike-support.ts';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ConfigResourceTypes, Kafka, logLevel, ResourcePatternTypes } = kafkajs;
type Kafka = KafkaClient;
const C = 'kafkajs' as const;

export function kafkajsConfig(cluster: KafkaCluster): KafkaConfig {
  const sasl = cluster.sasl ? { mechanism: 'plain' as const, ...cluster.sasl.admin } : undefined;
  return { clientId: 'spike', brokers: [cluster.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 2 }, ...(sasl ? { sasl } : {}) };
}

interface ReadMessage { partition: number; offset: string; key: Buffer | null; value: Buffer | null; headers: IHeaders; timestamp: string }

/** kafkajs's only public read path: a group consumer (subscribe + run); there is no assign(). */
let onConsumer: (c: unknown) => void = () => undefined;
async function readViaGroup(kafka: Kafka, topic: string, expected: number, timeoutMs = 15_000): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: `read-${topic}-${Math.random().toString(36).slice(2)}`, readUncommitted: false });
  onConsumer(consumer);
  const out: ReadMessage[] = [];
  let crash: unknown;
  consumer.on(consumer.events.CRASH, (e) => (crash = e.payload.error));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => void out.push({ partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers ?? {}, timestamp: message.timestamp }) });
    const deadline = Date.now() + timeoutMs;
    while (out.length < expected && !crash && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (crash) throw crash;
    return out;
  } finally {
    await consumer.disconnect();
  }
}

/** Internal (untyped) route to an explicit Fetch: the Kafka object's private cluster and a Broker's fetch(). */
interface InternalBroker { fetch(req: unknown): Promise<{ responses: Array<{ partitions: Array<{ messages: Array<{ offset: string; value: Buffer | null }> }> }> }> }
interface InternalCluster { connect(): Promise<void>; disconnect(): Promise<void>; addTargetTopic(t: string): Promise<void>; findLeaderForPartitions(t: string, p: number[]): Record<string, number[]>; findBroker(q: { nodeId: string }): Promise<InternalBroker> }
async function internalFetch(kafka: Kafka, topic: string, partition: number, offset: number) {
  const sym = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  assert(sym, 'kafkajs internals changed');
  const create = (kafka as unknown as Record<symbol, (o: object) => InternalCluster>)[sym]!;
  const cluster = create({ metadataMaxAge: 60_000, allowAutoTopicCreation: false, maxInFlightRequests: null, isolationLevel: 1 });
  await cluster.connect();
  try {
    await cluster.addTargetTopic(topic);
    const leaders = cluster.findLeaderForPartitions(topic, [partition]);
    const broker = await cluster.findBroker({ nodeId: Object.keys(leaders)[0]! });
    const res = await broker.fetch({ replicaId: -1, isolationLevel: 1, maxWaitTime: 200, minBytes: 1, maxBytes: 8 << 20, topics: [{ topic, partitions: [{ partition, fetchOffset: String(offset), maxBytes: 8 << 20 }] }] });
    return res.responses[0]!.partitions[0]!.messages.filter((m) => BigInt(m.offset) >= BigInt(offset));
  } finally {
    await cluster.disconnect();
  }
}

/** kafkajs headers are an object: a repeated key becomes an array, so interleaved order cannot be expressed. */
function toKafkajsHeaders(h: Array<[string, string]>): IHeaders {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of h) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
function fromKafkajsHeaders(h: IHeaders): Array<[string, string]> {
  return Object.entries(h).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x === undefined ? '' : x.toString()]));
}

export async function runKafkajsChecks(cluster: KafkaCluster, target: KafkaCluster): Promise<void> {
  const versions = new Map<string, Set<number>>();
  const kafka = new Kafka(kafkajsConfig(cluster));
  const watch = (client: { on: (e: string, l: (ev: { payload: { apiName: string; apiVersion: number } }) => void) => unknown; events: { REQUEST: string } }) =>
    client.on(client.events.REQUEST, (e) => void (versions.get(e.payload.apiName) ?? versions.set(e.payload.apiName, new Set()).get(e.payload.apiName)!).add(e.payload.apiVersion));
  const admin: Admin = kafka.admin();
  watch(admin as never);
  onConsumer = (c) => watch(c as never);
  const topic = `kj-${cluster.version}-${Date.now().toString(36)}`;
  const closers: Array<{ disconnect(): Promise<void> }> = [admin];
  const producer = (o: Parameters<Kafka['producer']>[0]) => {
    const p = kafka.producer(o);
    watch(p as never);
    closers.push(p);
    return p;
  };
  try {
    await admin.connect();
    await check(C, cluster, 'admin.createTopics+listTopics', async () => {
      await admin.createTopics({ topics: [topic, `${topic}-progress`, `${topic}-fid`, `${topic}-z`].map((t) => ({ topic: t, numPartitions: 3, replicationFactor: 1 })) });
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      assert((await admin.listTopics()).includes(topic), 'not listed');
      return `partitions=${md.topics[0]?.partitions.length}`;
    });

    await check(C, cluster, '1 fetch explicit partition@offset', async () => {
      await kcatWrite(cluster, topic, 1, Array.from({ length: 10 }, (_, i) => `r${i}`));
      const hasAssign = typeof (kafka.consumer({ groupId: 'x' }) as unknown as { assign?: unknown }).assign === 'function';
      const msgs = await internalFetch(kafka, topic, 1, 5);
      const got = msgs.map((m) => `${m.offset}:${m.value?.toString()}`).join(',');
      assert(got === '5:r5,6:r6,7:r7,8:r8,9:r9', `got ${got}`);
      return `consumer.assign exists: ${hasAssign}; only via INTERNAL Kafka[Symbol(private:Kafka:createCluster)] + Broker.fetch (untyped, unsupported)`;
    });

    await check(C, cluster, '2a idempotent produce', async () => {
      const p = producer({ idempotent: true, maxInFlightRequests: 1 });
      await p.connect();
      await p.send({ topic, messages: [0, 1, 2].map((i) => ({ partition: 2, value: `i${i}` })) });
      await p.send({ topic, messages: [3, 4].map((i) => ({ partition: 2, value: `i${i}` })) });
      const seen = (await kcatRead(cluster, topic, 2)).map((r) => r.payload).join();
      assert(seen === 'i0,i1,i2,i3,i4', seen);
      return '5 records once';
    });

    await check(C, cluster, '2b txn commit/abort + progress topic', async () => {
      const p = producer({ transactionalId: `tx-${topic}`, idempotent: true, maxInFlightRequests: 1 });
      await p.connect();
      let tx = await p.transaction();
      await tx.sendBatch({ topicMessages: [{ topic, messages: [{ partition: 0, value: 'committed' }] }, { topic: `${topic}-progress`, messages: [{ partition: 0, value: 'progress:1' }] }] });
      await tx.commit();
      tx = await p.transaction();
      await tx.sendBatch({ topicMessages: [{ topic, messages: [{ partition: 0, value: 'aborted' }] }, { topic: `${topic}-progress`, messages: [{ partition: 0, value: 'progress:2' }] }] });
      await tx.abort();
      const data = (await kcatRead(cluster, topic, 0)).map((r) => r.payload).join();
      const prog = (await kcatRead(cluster, `${topic}-progress`, 0)).map((r) => r.payload).join();
      assert(data === 'committed' && prog === 'progress:1', `data=${data} progress=${prog}`);
      return 'commit visible, abort invisible (kcat), data+progress topic in one txn';
    });

    await check(C, cluster, '2d read_committed, 2 aborts 1 producer', async () => {
      const p = producer({ transactionalId: `txa-${topic}`, idempotent: true, maxInFlightRequests: 1 });
      await p.connect();
      for (const [value, commit] of [['abort-1', false], ['abort-2', false], ['commit-3', true]] as const) {
        const tx = await p.transaction();
        await tx.send({ topic: `${topic}-progress`, messages: [{ partition: 1, value }] });
        await (commit ? tx.commit() : tx.abort());
      }
      const own = (await readViaGroup(kafka, `${topic}-progress`, 2, 8_000)).filter((m) => m.partition === 1).map((m) => m.value?.toString()).join();
      assert(own === 'commit-3', `group consumer read ${own}`);
      return 'only the committed record (group consumer, read_committed)';
    });

    await check(C, cluster, '2c txn send offsets (group not joined)', async () => {
      const p = producer({ transactionalId: `txo-${topic}`, idempotent: true, maxInFlightRequests: 1 });
      await p.connect();
      const tx = await p.transaction();
      await tx.send({ topic, messages: [{ partition: 0, value: 'with-offsets' }] });
      await tx.sendOffsets({ consumerGroupId: `g-${topic}`, topics: [{ topic, partitions: [{ partition: 1, offset: '7' }] }] });
      await tx.commit();
      const off = await eventually('offset', async () => {
        const o = (await admin.fetchOffsets({ groupId: `g-${topic}`, topics: [topic] }))[0]?.partitions.find((x) => x.partition === 1)?.offset;
        return o === '7' ? o : undefined;
      }, 10_000);
      return `sendOffsets committed ${off} for an arbitrary group (public API)`;
    });

    await check(C, cluster, '3 zombie fencing', async () => {
      const id = `fence-${topic}`;
      const a = producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1 });
      await a.connect();
      const txA = await a.transaction();
      await txA.send({ topic, messages: [{ partition: 2, value: 'zombie' }] });
      const a2 = producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1 });
      const t0 = performance.now();
      await a2.connect();
      // kafkajs initialises the transactional id in transaction() (connect() only inits an idempotent id).
      const tx2 = await a2.transaction();
      const fenceMs = Math.round(performance.now() - t0);
      let commitError = '';
      try {
        await txA.commit();
      } catch (err) {
        commitError = kafkaErrorName(err) ?? String(err);
      }
      await tx2.send({ topic, messages: [{ partition: 2, value: 'successor' }] });
      await tx2.commit();
      const seen = (await kcatRead(cluster, topic, 2)).map((r) => r.payload);
      assert(commitError, 'zombie commit succeeded');
      assert(!seen.includes('zombie') && seen.includes('successor'), `kcat saw ${seen}`);
      return `A.commit failed (${commitError}); zombie invisible; A' init took ${fenceMs} ms`;
    });

    await check(C, cluster, '4 incrementalAlterConfigs+sources', async () => {
      const hasIncremental = typeof (admin as unknown as { incrementalAlterConfigs?: unknown }).incrementalAlterConfigs === 'function';
      // alterConfigs (AlterConfigs API) replaces the whole set: the second call drops the first value.
      await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: '123456' }] }] });
      await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value: '200000' }] }] });
      const d = await admin.describeConfigs({ includeSynonyms: true, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
      const entries = d.resources[0]?.configEntries ?? [];
      const r = entries.find((e) => e.configName === 'retention.ms') as unknown as { configValue: string; configSource?: number } | undefined;
      const m = entries.find((e) => e.configName === 'max.message.bytes');
      assert(hasIncremental, `no incrementalAlterConfigs in the API; alterConfigs twice left retention.ms=${r?.configValue} (source ${r?.configSource}), max.message.bytes=${m?.configValue}; describeConfigs sources: ${r?.configSource !== undefined}`);
      return 'ok';
    });

    if (cluster.sasl) {
      await check(C, cluster, '5 ACL create/describe/delete', async () => {
        const acl = { resourceType: AclResourceTypes.TOPIC, resourceName: topic, resourcePatternType: ResourcePatternTypes.LITERAL, principal: 'User:alice', host: '*', operation: AclOperationTypes.READ, permissionType: AclPermissionTypes.ALLOW };
        await admin.createAcls({ acl: [acl] });
        const d = await eventually('acl', async () => {
          const r = await admin.describeAcls({ ...acl, resourcePatternType: ResourcePatternTypes.ANY });
          return r.resources.length ? r : undefined;
        });
        const del = await admin.deleteAcls({ filters: [acl] });
        return `described ${d.resources.length} resource(s); deleted ${del.filterResponses[0]?.matchingAcls.length}`;
      });
    }

    await check(C, cluster, '6 groups list/describe/offsets/alter', async () => {
      const group = `grp-${topic}`;
      const member = kcatGroupMember(cluster, group, topic);
      try {
        const active = await eventually('member', async () => {
          const g = (await admin.describeGroups([group])).groups[0];
          return g && g.members.length > 0 && g.state === 'Stable' ? g : undefined;
        }, 30_000);
        let refused = '';
        try {
          await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }] });
        } catch (err) {
          refused = kafkaErrorName(err) ?? String(err);
        }
        member.kill('SIGTERM');
        await eventually('empty', async () => ((await admin.describeGroups([group])).groups[0]?.members.length === 0 ? true : undefined), 30_000);
        await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }, { partition: 1, offset: '4' }] });
        const listed = (await admin.listGroups()).groups.find((g) => g.groupId === group);
        const offs = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        const p1 = offs[0]?.partitions.find((x) => x.partition === 1)?.offset;
        assert(listed && p1 === '4', `listed=${!!listed} p1=${p1}`);
        return `active: ${active.members.length} member; setOffsets refused while active: ${refused || 'NOT refused'}; after leave set+fetch ok (listGroups has no state)`;
      } finally {
        member.kill('SIGKILL');
      }
    });

    await check(C, cluster, '7 record fidelity', async () => {
      const p = producer({});
      await p.connect();
      await p.send({ topic: `${topic}-fid`, messages: fidelityRecords.map((r) => ({ partition: 0, key: r.key, value: r.value, timestamp: String(r.timestamp), headers: toKafkajsHeaders(r.headers) })) });
      const viaKcat = (await kcatRead(cluster, `${topic}-fid`, 0)).map(kcatAsFidelity);
      const own = (await readViaGroup(kafka, `${topic}-fid`, fidelityRecords.length)).map((m): FidelityRecord => ({
        key: m.key?.toString() ?? null, value: m.value === null ? null : m.value.toString(), headers: fromKafkajsHeaders(m.headers), timestamp: Number(m.timestamp),
      }));
      const d1 = fidelityDiff(viaKcat), d2 = fidelityDiff(own);
      assert(!d1 && !d2, `written (kcat): ${d1 ? 'DIFFERS ' + JSON.stringify(viaKcat[0]?.headers) : 'equal'}; read back: ${d2 ? 'DIFFERS ' + JSON.stringify(own[0]?.headers) : 'equal'}`);
      return 'equal';
    });

    await check(C, cluster, '8 read gzip/snappy/lz4/zstd', async () => {
      const out: string[] = [];
      for (const [i, codec] of ['gzip', 'snappy', 'lz4', 'zstd'].entries()) {
        const t = `${topic}-z${i}`;
        await admin.createTopics({ topics: [{ topic: t, numPartitions: 1, replicationFactor: 1 }] });
        const values = Array.from({ length: 50 }, (_, j) => `${codec}-${j}-${'x'.repeat(100)}`);
        try {
          await kcatWrite(cluster, t, 0, values, codec);
          const got = (await readViaGroup(kafka, t, 50, 8_000)).map((m) => m.value?.toString());
          assert(got.length === 50 && got.every((v, j) => v === values[j]), `${got.length} records`);
          out.push(`${codec}:ok`);
        } catch (err) {
          out.push(`${codec}:FAIL(${kafkaErrorName(err)?.slice(0, 60)})`);
        }
      }
      assert(out.every((o) => o.endsWith(':ok')), out.join(' '));
      return out.join(' ');
    });

    await check(C, cluster, '9 copy fidelity topic into 4.1.2', async () => {
      const tk = new Kafka(kafkajsConfig(target));
      const ta = tk.admin();
      const tp = tk.producer({ transactionalId: `copy-${topic}`, idempotent: true, maxInFlightRequests: 1 });
      closers.push(ta, tp);
      await Promise.all([ta.connect(), tp.connect()]);
      const dest = `copy-${topic}`;
      await ta.createTopics({ topics: [{ topic: dest, numPartitions: 1, replicationFactor: 1 }] });
      const msgs = await readViaGroup(kafka, `${topic}-fid`, fidelityRecords.length);
      const tx = await tp.transaction();
      await tx.send({ topic: dest, messages: msgs.map((m) => ({ partition: 0, key: m.key, value: m.value, timestamp: m.timestamp, headers: m.headers })) });
      await tx.commit();
      const d = fidelityDiff((await kcatRead(target, dest, 0)).map(kcatAsFidelity));
      assert(!d, `copy differs from the source records (headers regrouped by key): ${d.slice(0, 200)}`);
      return 'equal';
    });

    await check(C, cluster, '0 versions negotiated (observed)', async () =>
      [...versions].sort().map(([k, v]) => `${k}:v${[...v].join('/')}`).join(' '));
  } finally {
    for (const c of closers) await c.disconnect().catch(() => undefined);
  }
}
