/** The spike's checks 1-9 for @platformatic/kafka 2.12 against one cluster. */
import * as lib from '@platformatic/kafka';
import {
  AclOperations, AclPermissionTypes, Admin, ConfigResourceTypes, ConfigSources, Consumer, FetchIsolationLevels,
  IncrementalAlterConfigOperationTypes, Producer, ResourcePatternTypes, ResourceTypes, type BaseOptions, type KafkaRecord, type Message,
} from '@platformatic/kafka';
import type { KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';
import {
  assert, check, eventually, kafkaErrorName, fidelityDiff, fidelityRecords, kcatAsFidelity, kcatGroupMember, kcatRead, kcatWrite, sleep, type FidelityRecord,
} from './spike-support.ts';

const C = 'platformatic' as const;

export function platformaticOptions(cluster: KafkaCluster, user?: { username: string; password: string }): BaseOptions {
  const sasl = cluster.sasl ? { mechanism: 'PLAIN' as const, ...(user ?? cluster.sasl.admin) } : undefined;
  return { clientId: 'spike', bootstrapBrokers: [cluster.bootstrap], retries: 2, ...(sasl ? { sasl } : {}) };
}

/** The version the library picks per API: highest broker version it has a codec for (Base[kGetApi] does the same). */
const usedApis = ['Metadata', 'Produce', 'Fetch', 'ListOffsets', 'InitProducerId', 'AddPartitionsToTxn', 'AddOffsetsToTxn', 'TxnOffsetCommit', 'EndTxn',
  'FindCoordinator', 'CreateTopics', 'CreatePartitions', 'DescribeConfigs', 'IncrementalAlterConfigs', 'CreateAcls', 'DescribeAcls', 'DeleteAcls',
  'ListGroups', 'DescribeGroups', 'OffsetFetch', 'OffsetCommit', 'SaslHandshake', 'SaslAuthenticate'];
export async function negotiatedVersions(admin: Admin): Promise<string> {
  const apis = await admin.listApis();
  const exported = lib as unknown as Record<string, unknown>;
  return usedApis.map((name) => {
    const api = apis.find((a) => a.name === name);
    if (!api) return `${name}:absent`;
    for (let v = api.maxVersion; v >= api.minVersion; v--) if (exported[`${name[0]!.toLowerCase()}${name.slice(1)}V${v}`]) return `${name}:v${v}`;
    return `${name}:NONE(${api.minVersion}-${api.maxVersion})`;
  }).join(' ');
}

/** Explicit fetch of one partition from an offset, no group: Consumer.fetch is one Fetch request to a node. */
export async function fetchPartition(consumer: Consumer, topic: string, partition: number, offset: bigint, isolation: number = FetchIsolationLevels.READ_COMMITTED) {
  consumer.topics.trackAll(topic); // so the metadata the fetch uses knows the topic (name <-> topic id)
  const md = await consumer.metadata({ topics: [topic] });
  const t = md.topics.get(topic);
  assert(t, `no metadata for ${topic}`);
  const leader = t.partitions[partition]!.leader;
  const res = await consumer.fetch({
    node: leader, maxWaitTime: 200, isolationLevel: isolation,
    // Before topic ids (Kafka < 2.8) every topic has the zero UUID, so the id cannot name the topic: pass the name
    // (the library keeps unknown ids as they are and Fetch <= v12 carries names).
    topics: [{ topicId: /^[0-]+$/.test(t.id) ? topic : t.id, partitions: [{ partition, fetchOffset: offset, partitionMaxBytes: 8 << 20, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }] }],
  });
  const p = res.responses[0]!.partitions[0]!;
  const out: Array<{ offset: bigint; timestamp: bigint; record: KafkaRecord; attributes: number }> = [];
  for (const b of p.records ?? []) {
    // Consumer.fetch already drops aborted batches (read_committed) but leaves control batches in.
    if (b.attributes & lib.IS_CONTROL) continue;
    for (const r of b.records) {
      const o = b.firstOffset + BigInt(r.offsetDelta);
      if (o >= offset) out.push({ offset: o, timestamp: b.firstTimestamp + r.timestampDelta, record: r, attributes: b.attributes });
    }
  }
  return { records: out, highWatermark: p.highWatermark, batches: p.records ?? [] };
}

const buf = (s: string | null): Buffer | undefined => (s === null ? undefined : Buffer.from(s));

export async function runPlatformaticChecks(cluster: KafkaCluster, target: KafkaCluster): Promise<void> {
  const opts = platformaticOptions(cluster);
  const admin = new Admin(opts);
  const consumer = new Consumer({ ...opts, groupId: 'spike-unused' });
  const topic = `pk-${cluster.version}-${Date.now().toString(36)}`;
  const closers: Array<{ close(): Promise<void> }> = [admin, consumer];
  try {
    await check(C, cluster, '0 versions negotiated', () => negotiatedVersions(admin));

    await check(C, cluster, 'admin.createTopics+listTopics', async () => {
      await admin.createTopics({ topics: [topic, `${topic}-progress`, `${topic}-fid`, `${topic}-z`], partitions: 3, replicas: 1 });
      const md = await admin.metadata({ topics: [topic] });
      const listed = await admin.listTopics();
      assert(listed.includes(topic), 'topic not listed');
      return `partitions=${md.topics.get(topic)?.partitionsCount}`;
    });

    await check(C, cluster, '1 fetch explicit partition@offset', async () => {
      await kcatWrite(cluster, topic, 1, Array.from({ length: 10 }, (_, i) => `r${i}`));
      const { records, batches } = await fetchPartition(consumer, topic, 1, 5n);
      const got = records.map((r) => `${r.offset}:${r.record.value?.toString()}`).join(',');
      assert(got === '5:r5,6:r6,7:r7,8:r8,9:r9', `got ${got}`);
      return `offsets 5..9 read, no group joined (consumer.memberId=${consumer.memberId}); broker returned ${batches.length} batch(es) starting at ${batches[0]?.firstOffset}`;
    });

    await check(C, cluster, '2a idempotent produce', async () => {
      const p = new Producer({ ...opts, idempotent: true });
      closers.push(p);
      const info = await p.initIdempotentProducer({});
      await p.send({ messages: [0, 1, 2].map((i) => ({ topic, partition: 2, value: Buffer.from(`i${i}`) })) });
      await p.send({ messages: [3, 4].map((i) => ({ topic, partition: 2, value: Buffer.from(`i${i}`) })) });
      const seen = await kcatRead(cluster, topic, 2);
      assert(seen.map((r) => r.payload).join() === 'i0,i1,i2,i3,i4', `kcat saw ${seen.map((r) => r.payload).join()}`);
      return `producerId=${info.producerId} epoch=${info.producerEpoch}, 5 records once`;
    });

    await check(C, cluster, '2b txn commit/abort + progress topic', async () => {
      const p = new Producer({ ...opts, idempotent: true, transactionalId: `tx-${topic}` });
      closers.push(p);
      let tx = await p.beginTransaction();
      await tx.send({ messages: [{ topic, partition: 0, value: Buffer.from('committed') }, { topic: `${topic}-progress`, partition: 0, value: Buffer.from('progress:1') }] });
      await tx.commit();
      tx = await p.beginTransaction();
      await tx.send({ messages: [{ topic, partition: 0, value: Buffer.from('aborted') }, { topic: `${topic}-progress`, partition: 0, value: Buffer.from('progress:2') }] });
      await tx.abort();
      const data = (await kcatRead(cluster, topic, 0)).map((r) => r.payload);
      const prog = (await kcatRead(cluster, `${topic}-progress`, 0)).map((r) => r.payload);
      assert(data.join() === 'committed' && prog.join() === 'progress:1', `data=${data} progress=${prog}`);
      const own = await fetchPartition(consumer, topic, 0, 0n);
      assert(own.records.map((r) => r.record.value?.toString()).join() === 'committed', 'own read_committed fetch disagrees');
      return 'commit visible, abort invisible (kcat + own fetch), data+progress topic in one txn';
    });

    await check(C, cluster, '2d read_committed, 2 aborts 1 producer', async () => {
      const p = new Producer({ ...opts, idempotent: true, transactionalId: `txa-${topic}` });
      closers.push(p);
      for (const [value, commit] of [['abort-1', false], ['abort-2', false], ['commit-3', true]] as const) {
        const tx = await p.beginTransaction();
        await tx.send({ messages: [{ topic: `${topic}-progress`, partition: 1, value: Buffer.from(value) }] });
        await (commit ? tx.commit() : tx.abort());
      }
      const kc = (await kcatRead(cluster, `${topic}-progress`, 1)).map((r) => r.payload).join();
      const own = (await fetchPartition(consumer, `${topic}-progress`, 1, 0n)).records.map((r) => r.record.value?.toString()).join();
      assert(kc === 'commit-3', `kcat saw ${kc}`);
      assert(own === 'commit-3', `Consumer.fetch(read_committed) returned ${own}; kcat returned ${kc}`);
      return 'only the committed record';
    });

    await check(C, cluster, '2c txn send offsets (group not joined)', async () => {
      // The library only adds offsets of Messages a group consumer produced (message.metadata.consumer);
      // a hand-built message with generation -1 and no member is the workaround for a mirror.
      const p = new Producer({ ...opts, idempotent: true, transactionalId: `txo-${topic}` });
      closers.push(p);
      const group = `g-${topic}`;
      const c = new Consumer({ ...opts, groupId: group });
      closers.push(c);
      const coordinatorId = await c.findGroupCoordinator();
      const tx = await p.beginTransaction();
      await tx.send({ messages: [{ topic, partition: 0, value: Buffer.from('with-offsets') }] });
      await tx.addConsumer(c);
      const fake = { topic, partition: 1, offset: 6n, metadata: { consumer: { groupId: group, generationId: -1, memberId: '', coordinatorId } } } as unknown as Message;
      await tx.addOffset(fake);
      await tx.commit();
      // Transactional offsets become visible once the coordinator has written the commit marker.
      const committed = await eventually('committed offset', async () => {
        const offs = await admin.listConsumerGroupOffsets({ groups: [group] });
        const o = offs[0]?.topics.find((t) => t.name === topic)?.partitions.find((x) => x.partitionIndex === 1)?.committedOffset;
        return o === 7n ? o : undefined;
      }, 10_000);
      assert(committed === 7n, `committed=${committed}`);
      return 'TxnOffsetCommit committed 7 for an unjoined group (via hand-built Message metadata)';
    });

    await check(C, cluster, '3a re-init txn id (library default)', async () => {
      // 2.12.1 sends InitProducerId with producerId 0 / epoch 0 instead of -1/-1 (KIP-360 "no expected
      // producer"), so a second instance of an existing transactional id is refused as fenced.
      const id = `reinit-${topic}`;
      const first = new Producer({ ...opts, idempotent: true, transactionalId: id });
      const second = new Producer({ ...opts, idempotent: true, transactionalId: id });
      closers.push(first, second);
      const tx = await first.beginTransaction();
      await tx.send({ messages: [{ topic, partition: 2, value: Buffer.from('first') }] });
      await tx.commit();
      await second.beginTransaction();
      return `second instance initialised: producerId=${second.producerId} epoch=${second.producerEpoch}`;
    });

    await check(C, cluster, '3 zombie fencing (producerId -1 opt)', async () => {
      const id = `fence-${topic}`;
      // Workaround for 3a: producerId -1 / epoch -1 in the constructor make InitProducerId a fresh init.
      const fresh = { producerId: -1n, producerEpoch: -1 };
      const a = new Producer({ ...opts, ...fresh, idempotent: true, transactionalId: id });
      const a2 = new Producer({ ...opts, ...fresh, idempotent: true, transactionalId: id });
      closers.push(a, a2);
      const txA = await a.beginTransaction();
      await txA.send({ messages: [{ topic, partition: 2, value: Buffer.from('zombie') }] });
      const t0 = performance.now();
      const tx2 = await a2.beginTransaction(); // InitProducerId on the same id: bumps the epoch, aborts A's open txn
      const fenceMs = Math.round(performance.now() - t0);
      let commitError = '';
      try {
        await txA.commit();
      } catch (err) {
        commitError = kafkaErrorName(err) ?? String(err);
      }
      await tx2.send({ messages: [{ topic, partition: 2, value: Buffer.from('successor') }] });
      await tx2.commit();
      const seen = (await kcatRead(cluster, topic, 2)).map((r) => r.payload);
      assert(commitError, 'zombie commit succeeded');
      assert(!seen.includes('zombie') && seen.includes('successor'), `kcat saw ${seen}`);
      return `A.commit failed (${commitError}); zombie record invisible; InitProducerId of A' took ${fenceMs} ms`;
    });

    await check(C, cluster, '4 incrementalAlterConfigs+sources', async () => {
      await admin.incrementalAlterConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs: [{ name: 'retention.ms', configOperation: IncrementalAlterConfigOperationTypes.SET, value: '123456' }] }] });
      await admin.incrementalAlterConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs: [{ name: 'max.message.bytes', configOperation: IncrementalAlterConfigOperationTypes.SET, value: '200000' }] }] });
      const [d] = await admin.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic }], includeSynonyms: true });
      const get = (n: string) => d?.configs.find((c) => c.name === n);
      const r = get('retention.ms'), m = get('max.message.bytes'), cp = get('cleanup.policy');
      assert(r?.value === '123456' && r.configSource === ConfigSources.DYNAMIC_TOPIC_CONFIG, `retention ${JSON.stringify(r)}`);
      assert(m?.value === '200000', 'second incremental change lost the first? max.message.bytes');
      assert(cp?.configSource === ConfigSources.DEFAULT_CONFIG || cp?.configSource === ConfigSources.STATIC_BROKER_CONFIG, `cleanup.policy source ${cp?.configSource}`);
      await admin.incrementalAlterConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs: [{ name: 'retention.ms', configOperation: IncrementalAlterConfigOperationTypes.DELETE }] }] });
      const [d2] = await admin.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configurationKeys: ['retention.ms', 'max.message.bytes'] }] });
      const r2 = d2?.configs.find((c) => c.name === 'retention.ms');
      assert(r2?.configSource !== ConfigSources.DYNAMIC_TOPIC_CONFIG, 'DELETE did not revert');
      return `retention.ms source=topic(1) then reverted to source=${r2?.configSource}; cleanup.policy source=${cp?.configSource}; synonyms=${r?.synonyms.length}`;
    });

    if (cluster.sasl) {
      await check(C, cluster, '5 ACL create/describe/delete', async () => {
        const acl = { resourceType: ResourceTypes.TOPIC, resourceName: topic, resourcePatternType: ResourcePatternTypes.LITERAL, principal: 'User:alice', host: '*', operation: AclOperations.READ, permissionType: AclPermissionTypes.ALLOW };
        await admin.createAcls({ creations: [acl] });
        const described = await eventually('ACL visible', async () => {
          const d = await admin.describeAcls({ filter: { ...acl, resourcePatternType: ResourcePatternTypes.ANY } });
          return d.length > 0 ? d : undefined;
        });
        const deleted = await admin.deleteAcls({ filters: [acl] });
        return `described ${described.length} resource(s) with ${described[0]?.acls.length} acl(s); deleted ${deleted.length}`;
      });
    }

    await check(C, cluster, '6 groups list/describe/offsets/alter', async () => {
      const group = `grp-${topic}`;
      const member = kcatGroupMember(cluster, group, topic);
      try {
        const active = await eventually('kcat member in group', async () => {
          const g = (await admin.describeGroups({ groups: [group] })).get(group);
          return g && g.members.size > 0 && g.state.toUpperCase() === 'STABLE' ? g : undefined;
        }, 30_000);
        let refused = '';
        try {
          await admin.alterConsumerGroupOffsets({ groupId: group, topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 1n }] }] });
        } catch (err) {
          refused = kafkaErrorName(err) ?? String(err);
        }
        member.kill('SIGTERM');
        await eventually('group empty', async () => {
          const g = (await admin.describeGroups({ groups: [group] })).get(group);
          return g && g.members.size === 0 ? g : undefined;
        }, 30_000);
        await admin.alterConsumerGroupOffsets({ groupId: group, topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 1n }, { partition: 1, offset: 4n }] }] });
        const listed = await admin.listGroups();
        const offs = await admin.listConsumerGroupOffsets({ groups: [group] });
        const p1 = offs[0]?.topics.find((t) => t.name === topic)?.partitions.find((x) => x.partitionIndex === 1)?.committedOffset;
        assert(listed.has(group), 'group not listed');
        assert(p1 === 4n, `offset ${p1}`);
        return `active: ${active.members.size} member (${[...active.members.values()][0]?.clientId}), alter refused while active: ${refused || 'NOT refused'}; after leave: listed state=${listed.get(group)?.state}, alter+list ok`;
      } finally {
        member.kill('SIGKILL');
      }
    });

    await check(C, cluster, '7 record fidelity', async () => {
      const p = new Producer({ ...opts });
      closers.push(p);
      await p.send({
        messages: fidelityRecords.map((r) => ({
          topic: `${topic}-fid`, partition: 0, key: buf(r.key), value: buf(r.value), timestamp: BigInt(r.timestamp),
          // Map keyed by distinct Buffer objects: the only way to pass duplicate keys through the producer's API
          headers: new Map(r.headers.map(([k, v]) => [Buffer.from(k), Buffer.from(v)] as [Buffer, Buffer])),
        })),
      });
      const viaKcat = (await kcatRead(cluster, `${topic}-fid`, 0)).map(kcatAsFidelity);
      const own = (await fetchPartition(consumer, `${topic}-fid`, 0, 0n)).records.map((x): FidelityRecord => ({
        key: x.record.key?.toString() ?? null, value: x.record.value === null ? null : x.record.value.toString(),
        headers: x.record.headers.map(([k, v]) => [k?.toString() ?? '', v?.toString() ?? '']), timestamp: Number(x.timestamp),
      }));
      const d1 = fidelityDiff(viaKcat), d2 = fidelityDiff(own);
      assert(!d1 && !d2, `kcat: ${d1} / own: ${d2}`);
      return 'dup header keys in order, null key, null value, timestamps: equal via kcat and own fetch';
    });

    await check(C, cluster, '8 read gzip/snappy/lz4/zstd', async () => {
      const out: string[] = [];
      for (const [i, codec] of ['gzip', 'snappy', 'lz4', 'zstd'].entries()) {
        const values = Array.from({ length: 50 }, (_, j) => `${codec}-${j}-${'x'.repeat(100)}`);
        try {
          await kcatWrite(cluster, `${topic}-z`, i % 3, values, codec);
          const { records, batches } = await fetchPartition(consumer, `${topic}-z`, i % 3, 0n);
          const mine = records.map((r) => r.record.value?.toString()).filter((v) => v?.startsWith(`${codec}-`));
          assert(mine.length === 50 && mine.every((v, j) => v === values[j]), `${codec}: ${mine.length} records`);
          out.push(`${codec}:ok(attr codec=${(batches.at(-1)?.attributes ?? 0) & 7})`);
        } catch (err) {
          out.push(`${codec}:FAIL(${err instanceof Error ? err.message.slice(0, 80) : err})`);
        }
      }
      assert(out.every((o) => o.includes(':ok')), out.join(' '));
      return out.join(' ');
    });

    await check(C, cluster, '9 copy fidelity topic into 4.1.2', async () => {
      const tAdmin = new Admin(platformaticOptions(target));
      const tp = new Producer({ ...platformaticOptions(target), idempotent: true, transactionalId: `copy-${topic}` });
      closers.push(tAdmin, tp);
      const dest = `copy-${topic}`;
      await tAdmin.createTopics({ topics: [dest], partitions: 1, replicas: 1 });
      const { records } = await fetchPartition(consumer, `${topic}-fid`, 0, 0n);
      const tx = await tp.beginTransaction();
      await tx.send({
        messages: records.map((x) => ({
          topic: dest, partition: 0, key: x.record.key ?? undefined, value: x.record.value ?? undefined, timestamp: x.timestamp,
          headers: new Map(x.record.headers.map(([k, v]) => [k ?? Buffer.alloc(0), v ?? Buffer.alloc(0)] as [Buffer, Buffer])),
        })),
      });
      await tx.commit();
      const d = fidelityDiff((await kcatRead(target, dest, 0)).map(kcatAsFidelity));
      assert(!d, d);
      return 'fetched from source, transactional produce into 4.1.2, kcat on target reads equal records';
    });
  } finally {
    for (const c of closers) await c.close().catch(() => undefined);
    await sleep(10);
  }
}
