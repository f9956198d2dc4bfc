import { isAuthorizationFailure, type KafkaAdmin, KafkaClientError, toKafkaClientError, type TopicConfigs, type TopicInfo } from '../kafka/index.ts';
import type { AclBinding, ClusterSnapshot, ConfigValue, GroupSnapshot, TopicSnapshot } from '../planner/cluster-snapshot.ts';
import { guessKafkaVersion } from './kafka-version.ts';
import { inBatches, mapLimit } from './concurrency.ts';
import { toCommittedOffset, toConfigValue, toPlannerGroupState } from './snapshot-mapping.ts';

export interface SnapshotOptions {
  /** Topics to describe (configs are one request per 100 topics); others are left out. Default: all. */
  topics?: (name: string) => boolean;
  /** Groups to describe with their committed offsets (one request per group). Default: all. */
  groups?: (groupId: string) => boolean;
  /** When known from elsewhere (the spec, the CLI); otherwise guessed from ApiVersions. */
  kafkaVersion?: string;
}

/**
 * A snapshot as read, with what could not be read: a cluster without an authorizer (or a login
 * without DESCRIBE on the cluster) has no ACLs to give, which is not the same as having none. The
 * sync loop must not plan ACL deletions from an unreadable list.
 */
export interface ReadClusterSnapshot extends ClusterSnapshot {
  aclsUnreadable?: { code: string; message: string };
  /**
   * Matched groups the login may not describe (Kafka lists every group to a login with Describe on the
   * Cluster, whatever it may do with each). Left out of `groups`, so one such group does not stop the
   * sync of the others; reported instead.
   */
  groupsUnreadable?: GroupUnreadable[];
}

export interface GroupUnreadable {
  group: string;
  /** Kafka's error name, e.g. GROUP_AUTHORIZATION_FAILED. */
  code: string;
}

const DESCRIBE_CONFIGS_BATCH = 100;
const GROUP_CONCURRENCY = 8;

/** Reads what the planner needs of one cluster through the admin port. Read-only. */
export async function readClusterSnapshot(admin: KafkaAdmin, options: SnapshotOptions = {}): Promise<ReadClusterSnapshot> {
  const [cluster, topics, acls, { groups, unreadable }] = await Promise.all([
    admin.describeCluster(),
    readTopics(admin, options.topics ?? (() => true)),
    readAcls(admin),
    readGroups(admin, options.groups ?? (() => true)),
  ]);
  const kafkaVersion = options.kafkaVersion ?? guessKafkaVersion(cluster.apis);
  return {
    ...(kafkaVersion !== undefined ? { kafkaVersion } : {}),
    brokerCount: cluster.brokerIds.length,
    topics,
    acls: acls.acls,
    groups,
    ...(acls.unreadable ? { aclsUnreadable: acls.unreadable } : {}),
    ...(unreadable.length > 0 ? { groupsUnreadable: unreadable } : {}),
  };
}

/**
 * Only the wanted topics (partitions, replication factor, own configs) and the broker count: what
 * planning topic creations needs, without the ACLs and groups a full snapshot reads.
 */
export async function readTopicsSnapshot(admin: KafkaAdmin, wanted: (name: string) => boolean): Promise<ClusterSnapshot> {
  const [cluster, topics] = await Promise.all([admin.describeCluster(), readTopics(admin, wanted)]);
  const version = guessKafkaVersion(cluster.apis);
  return { ...(version !== undefined ? { kafkaVersion: version } : {}), brokerCount: cluster.brokerIds.length, topics, acls: [], groups: new Map() };
}

/**
 * readClusterSnapshot, a failure naming the cluster: both sides get the same requests, and the grant
 * that is missing is fixed on one of them.
 */
export async function readSideSnapshot(side: 'source' | 'target', admin: KafkaAdmin, options: SnapshotOptions = {}): Promise<ReadClusterSnapshot> {
  try {
    return await readClusterSnapshot(admin, options);
  } catch (err) {
    throw onSide(side, err);
  }
}

/** The failure as a KafkaClientError whose operation says which cluster, e.g. `reading the source (describeGroups)`. Pure. */
export function onSide(side: 'source' | 'target', err: unknown): KafkaClientError {
  const inner = toKafkaClientError('', err);
  const what = inner.operation ? ` (${inner.operation})` : '';
  return new KafkaClientError(`reading the ${side}${what}`, inner.code, inner.retriable, inner.detail, { cause: err });
}

async function readTopics(admin: KafkaAdmin, wanted: (name: string) => boolean): Promise<Map<string, TopicSnapshot>> {
  const listed = (await admin.listTopics({ includeInternal: true })).filter((t) => wanted(t.name));
  const configs = new Map<string, Map<string, ConfigValue>>();
  await inBatches(listed.map((t) => t.name), DESCRIBE_CONFIGS_BATCH, async (names) => {
    for (const described of await describeExisting(admin, names)) {
      // Only a topic's own overrides matter to the planner; inherited values would only fill memory.
      const own = described.entries.filter((e) => e.source === 'topic').map((e) => [e.name, toConfigValue(e)] as const);
      configs.set(described.topic, new Map(own));
    }
  });
  // A topic deleted since the listing has no configs: it is left out, as the next listing will.
  return new Map(listed.filter((t) => configs.has(t.name)).map((t) => [t.name, topicSnapshot(t, configs.get(t.name)!)]));
}

/**
 * The configs of `names`, leaving out those deleted since they were listed: on a shared cluster another
 * client may delete its topics at any moment, and Kafka then refuses the whole request. Only a topic a
 * fresh listing no longer holds is left out; a refusal for a topic still listed stays an error.
 */
async function describeExisting(admin: KafkaAdmin, names: string[]): Promise<TopicConfigs[]> {
  try {
    return await admin.describeConfigs(names);
  } catch (err) {
    if (!(err instanceof KafkaClientError) || err.code !== 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
    const listed = await admin.partitionCounts();
    const remaining = names.filter((n) => listed.has(n));
    if (remaining.length === names.length) throw err;
    return remaining.length === 0 ? [] : describeExisting(admin, remaining);
  }
}

function topicSnapshot(t: TopicInfo, configs: Map<string, ConfigValue>): TopicSnapshot {
  return { partitions: t.partitions.length, replicationFactor: t.partitions[0]?.replicas.length ?? 0, configs };
}

/** Kafka answers SECURITY_DISABLED without an authorizer, *_AUTHORIZATION_FAILED without DESCRIBE. */
async function readAcls(admin: KafkaAdmin): Promise<{ acls: AclBinding[]; unreadable?: { code: string; message: string } }> {
  try {
    return { acls: await admin.describeAcls({}) };
  } catch (err) {
    if (!(err instanceof KafkaClientError) || err.retriable) throw err;
    return { acls: [], unreadable: { code: err.code, message: err.message } };
  }
}

const isDenied = (err: unknown): err is KafkaClientError => err instanceof KafkaClientError && isAuthorizationFailure(err.code);

type GroupState = { state: GroupSnapshot['state']; memberCount: number };

/**
 * Describes `ids` 100 at a time; a batch refused for a missing permission is asked again one group at
 * a time, so that only the groups the login may not describe are left out (and named).
 */
async function describeGroups(admin: KafkaAdmin, ids: readonly string[], unreadable: GroupUnreadable[]): Promise<Map<string, GroupState>> {
  const described = new Map<string, GroupState>();
  const keep = (groups: Awaited<ReturnType<KafkaAdmin['describeGroups']>>) => {
    for (const g of groups) described.set(g.groupId, { state: toPlannerGroupState(g.state), memberCount: g.members.length });
  };
  await inBatches([...ids], 100, async (batch) => {
    try {
      keep(await admin.describeGroups(batch));
    } catch (err) {
      if (!isDenied(err)) throw err;
      await mapLimit(batch, GROUP_CONCURRENCY, async (id) => {
        try {
          keep(await admin.describeGroups([id]));
        } catch (e) {
          if (!isDenied(e)) throw e;
          unreadable.push({ group: id, code: e.code });
        }
      });
    }
  });
  return described;
}

async function readGroups(admin: KafkaAdmin, wanted: (groupId: string) => boolean): Promise<{ groups: Map<string, GroupSnapshot>; unreadable: GroupUnreadable[] }> {
  const unreadable: GroupUnreadable[] = [];
  const ids = (await admin.listConsumerGroups()).map((g) => g.groupId).filter(wanted).sort();
  if (ids.length === 0) return { groups: new Map(), unreadable };
  const described = await describeGroups(admin, ids, unreadable);
  const refused = new Set(unreadable.map((u) => u.group));
  const readable = ids.filter((id) => !refused.has(id));
  const offsets = await mapLimit(readable, GROUP_CONCURRENCY, async (id) => {
    try {
      return (await admin.listGroupOffsets(id)).map(toCommittedOffset);
    } catch (err) {
      if (!isDenied(err)) throw err;
      unreadable.push({ group: id, code: err.code });
      return undefined;
    }
  });
  const groups = new Map<string, GroupSnapshot>();
  readable.forEach((id, i) => {
    const committed = offsets[i];
    if (committed) groups.set(id, { ...(described.get(id) ?? { state: 'Unknown' as const, memberCount: 0 }), offsets: committed });
  });
  return { groups, unreadable: unreadable.sort((a, b) => a.group.localeCompare(b.group)) };
}
