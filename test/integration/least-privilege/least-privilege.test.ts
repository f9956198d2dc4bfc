/**
 * The job as a principal holding exactly the grants of docs/acls.md, which its ```sh test block makes
 * with Kafka's kafka-acls, on a 3.9.1 source and a 4.1.2 target that both enforce ACLs (SASL/PLAIN,
 * allow.everyone.if.no.acl.found=false). First every feature works with those grants alone; then,
 * one grant removed at a time, the condition the operator would write names what is missing.
 * Judges: kcat and Kafka's own tools, as the admin.
 */
import { findCondition, type Condition } from '../../../src/api/index.ts';
import { compareTopics } from '../../helpers/kafka/compare-topics.ts';
import { startKafkaCluster, stopKafkaCluster, type KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { waitFor } from '../../helpers/processes.ts';
import { startWorker, type WorkerProcess } from '../../helpers/replication/worker-process.ts';
import { runSubdir } from '../../helpers/run-dir.ts';
import { derivedGrants, grant, grantAsDocumented, type Grantee, type GrantRef, type Grants } from './documented-grants.ts';
import {
  A_CONFIG, B_CONFIG, everyFeatureJob, TOPIC_PREFIX, RECORDS_PER_PARTITION, seed, targetCommittedOffset, targetTopicAcls, targetTopicConfigs, valueAt, writeEveryFeatureJob, type EveryFeatureJob,
} from './every-feature-job.ts';
import { conditionsFromWorker } from './job-conditions.ts';

/** One grant left out, and the condition the user reads (its message contains `message`). */
interface MissingGrant {
  key: string;
  without: GrantRef;
  condition: { type: string; status: string; reason: string; message: (job: EveryFeatureJob) => string };
}

const prefix = (): string => TOPIC_PREFIX;
const ownTopics = (w: Grantee): string => `__kafka-mirror.${w.jobId}.`;
const degraded = (message: (job: EveryFeatureJob) => string) => ({ type: 'Degraded', status: 'True', reason: 'PermissionDenied', message });
const syncCondition = (type: string, message: (job: EveryFeatureJob) => string) => ({ type, status: 'False', reason: 'SyncFailed', message });

/** Per feature, its key grant. Data-path failures show on Degraded, sync failures on their *InSync condition. */
const CASES: MissingGrant[] = [
  {
    key: 'src-read',
    without: { side: 'source', resourceType: 'topic', resourceName: prefix, operation: 'read' },
    condition: degraded((j) => `topic ${j.topics.a} partition 0 stopped at offset 0: TOPIC_AUTHORIZATION_FAILED (the job may not read this topic on the source)`),
  },
  {
    key: 'tgt-write',
    without: { side: 'target', resourceType: 'topic', resourceName: prefix, operation: 'write' },
    condition: degraded((j) => `topic ${j.topics.a} partition 0 stopped at offset 0: TOPIC_AUTHORIZATION_FAILED (the job may not write this topic on the target)`),
  },
  {
    key: 'txn-write',
    without: { side: 'target', resourceType: 'transactional-id', resourceName: (w) => `kafka-mirror.${w.jobId}.`, operation: 'write' },
    condition: degraded((j) => `worker 0 (lp-worker-0) cannot start: TRANSACTIONAL_ID_AUTHORIZATION_FAILED: starting transactions as kafka-mirror.${j.grantee.jobId}.r1.w0 on the target`),
  },
  {
    key: 'own-create',
    without: { side: 'target', resourceType: 'topic', resourceName: ownTopics, operation: 'create' },
    condition: degraded((j) => `worker 0 (lp-worker-0) cannot start: TOPIC_AUTHORIZATION_FAILED: creating the job's topic __kafka-mirror.${j.grantee.jobId}.checkpoints on the target`),
  },
  {
    key: 'tgt-create',
    without: { side: 'target', resourceType: 'topic', resourceName: prefix, operation: 'create' },
    condition: syncCondition('TopicsInSync', (j) => `the target refused 1: CreateTopic topic ${j.topics.a}: TOPIC_AUTHORIZATION_FAILED`),
  },
  {
    key: 'cfg-alter',
    without: { side: 'target', resourceType: 'topic', resourceName: prefix, operation: 'alter-configs' },
    condition: syncCondition('ConfigsInSync', (j) => `the target refused 1: AlterTopicConfigs topic ${j.topics.b}: TOPIC_AUTHORIZATION_FAILED`),
  },
  {
    key: 'acl-alter',
    without: { side: 'target', resourceType: 'cluster', resourceName: () => 'kafka-cluster', operation: 'alter' },
    condition: syncCondition('AclsInSync', (j) => `the target refused 1: CreateAcls ACL Topic:Literal:${j.topics.a} User:alice Read: CLUSTER_AUTHORIZATION_FAILED`),
  },
  {
    key: 'grp-read',
    without: { side: 'target', resourceType: 'group', resourceName: () => '*', operation: 'read' },
    condition: syncCondition('GroupOffsetsInSync', (j) => `the target refused 1: group ${j.group}: GROUP_AUTHORIZATION_FAILED`),
  },
  {
    key: 'src-grp',
    without: { side: 'source', resourceType: 'group', resourceName: () => '*', operation: 'describe' },
    condition: syncCondition('GroupOffsetsInSync', () => 'failed before changing anything: GROUP_AUTHORIZATION_FAILED: reading the source (describeGroups)'),
  },
  {
    key: 'src-cluster',
    without: { side: 'source', resourceType: 'cluster', resourceName: () => 'kafka-cluster', operation: 'describe' },
    condition: syncCondition('AclsInSync', () => 'ACLs of the source cannot be read: CLUSTER_AUTHORIZATION_FAILED'),
  },
];

/** A fresh SASL user per job, so that each job holds exactly the grants its case gives it. */
const userOf = (key: string): string => `lp${key.replace(/-/g, '')}`;
const USERS: Record<string, string> = Object.fromEntries(['full', 'alo', ...CASES.map((c) => c.key)].map((key) => [userOf(key), `${userOf(key)}-secret`]));

describe('a job holding exactly the grants of docs/acls.md (3.9.1 source, 4.1.2 target, both enforcing ACLs)', () => {
  let source: KafkaCluster;
  let target: KafkaCluster;
  const full = everyFeatureJob('full', userOf('full'));
  let documented: Grants;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const users = { admin: { username: 'admin', password: 'admin-secret' }, users: USERS };
    [source, target] = await Promise.all([
      startKafkaCluster({ version: '3.9.1', sasl: true, users }, runSubdir('lp-source'), 'lp-source-3.9.1'),
      startKafkaCluster({ version: '4.1.2', sasl: true, users }, runSubdir('lp-target'), 'lp-target-4.1.2'),
    ]);
    documented = await grantAsDocumented(source, target, full.grantee);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all([source && stopKafkaCluster(source), target && stopKafkaCluster(target)]);
  });

  async function run(job: EveryFeatureJob, delivery: 'ExactlyOnce' | 'AtLeastOnce'): Promise<WorkerProcess> {
    const worker = await startWorker(writeEveryFeatureJob(source, target, job, delivery, USERS[job.grantee.username]!), { index: 0, revision: 1 });
    workers.push(worker);
    return worker;
  }

  /** Caught up on all four partitions, and a whole sync round with no failed action and the group synced. */
  const settled = (worker: WorkerProcess) =>
    waitFor('the job to catch up and sync cleanly', async () => {
      const s = await worker.status();
      return s.state === 'Running' && s.assigned.length === 4 && s.recordsBehind === 0 && s.sync?.errors === 0 && s.sync.groups.synced === 1 ? s : undefined;
    }, { timeoutMs: 90_000, intervalMs: 500 });

  async function expectEverythingArrived(job: EveryFeatureJob): Promise<void> {
    for (const topic of Object.values(job.topics)) {
      expect({ topic, ...(await compareTopics(source, topic, target)) }).toEqual({ topic, sourceRecords: 2 * RECORDS_PER_PARTITION, targetRecords: 2 * RECORDS_PER_PARTITION, lost: 0, duplicated: 0, mismatchedPartitions: [] });
    }
    expect(await targetTopicConfigs(target, job.topics.a)).toMatchObject(A_CONFIG);
    expect(await targetTopicConfigs(target, job.topics.b)).toMatchObject(B_CONFIG);
    expect(await targetTopicAcls(target, job.topics.a)).toEqual(['User:alice ALLOW READ']);
    // The group resumes on the target at the copy of the record it would have read next on the source.
    const committed = await targetCommittedOffset(target, job.group, job.topics.a);
    expect(committed).toBeDefined();
    expect(await valueAt(target, job.topics.a, committed!)).toBe(await valueAt(source, job.topics.a, job.committed));
  }

  it('the documented block grants what the table lists, and nothing on the cluster beyond it', () => {
    const summary = (grants: Grants['source']) => grants.map((b) => `${b.resourceType}:${b.patternType}:${b.resourceName} ${b.operation}`).sort();
    expect(summary(documented.source)).toEqual([
      'cluster:literal:kafka-cluster describe',
      'group:literal:* describe',
      'topic:prefixed:lp. describe', 'topic:prefixed:lp. describe-configs', 'topic:prefixed:lp. read',
    ]);
    expect(summary(documented.target)).toEqual([
      'cluster:literal:kafka-cluster alter', 'cluster:literal:kafka-cluster describe',
      'group:literal:* describe', 'group:literal:* read',
      'topic:prefixed:__kafka-mirror.test.lp-full. create', 'topic:prefixed:__kafka-mirror.test.lp-full. describe', 'topic:prefixed:__kafka-mirror.test.lp-full. read', 'topic:prefixed:__kafka-mirror.test.lp-full. write',
      'topic:prefixed:lp. alter', 'topic:prefixed:lp. alter-configs', 'topic:prefixed:lp. create', 'topic:prefixed:lp. describe', 'topic:prefixed:lp. describe-configs', 'topic:prefixed:lp. read', 'topic:prefixed:lp. write',
      'transactional-id:prefixed:kafka-mirror.test.lp-full. describe', 'transactional-id:prefixed:kafka-mirror.test.lp-full. write',
    ]);
  });

  it('ExactlyOnce, every feature on: records, configs, ACLs and group offsets arrive, no action fails', async () => {
    await seed(source, target, full);
    const worker = await run(full, 'ExactlyOnce');
    const status = await settled(worker);
    expect(status.stopped).toEqual([]);
    await expectEverythingArrived(full);
  }, 150_000);

  it('AtLeastOnce, every feature on, with the documented grants less the TransactionalId ones', async () => {
    const job = everyFeatureJob('alo', userOf('alo'));
    const txn = (operation: GrantRef['operation']): GrantRef => ({ side: 'target', resourceType: 'transactional-id', resourceName: (w) => `kafka-mirror.${w.jobId}.`, operation });
    await seed(source, target, job);
    await grant(source, target, derivedGrants(documented, full.grantee, job.grantee, [txn('describe'), txn('write')]));
    const worker = await run(job, 'AtLeastOnce');
    const status = await settled(worker);
    expect(status.stopped).toEqual([]);
    await expectEverythingArrived(job);
  }, 150_000);

  describe.each(CASES.map((c) => [`${c.without.side} ${c.without.resourceType} ${c.without.operation}`, c] as const))('without %s', (_name, c) => {
    it(`the ${c.condition.type} condition names it`, async () => {
      const job = everyFeatureJob(c.key, userOf(c.key));
      await seed(source, target, job);
      await grant(source, target, derivedGrants(documented, full.grantee, job.grantee, [c.without]));
      const started = Date.now();
      const worker = await run(job, 'ExactlyOnce');
      const expected = c.condition.message(job);
      let seen: Condition | undefined;
      // The deadline: a permission problem shows within 30 s of the job's start.
      await waitFor(`${c.condition.type} to name the missing grant`, async () => {
        seen = findCondition(conditionsFromWorker(await worker.report()), c.condition.type);
        return seen?.status === c.condition.status && seen.reason === c.condition.reason && seen.message.includes(expected) ? true : undefined;
      }, { timeoutMs: 30_000 - (Date.now() - started), intervalMs: 500 }).catch(() => undefined);
      console.log(`without ${c.without.side} ${c.without.resourceType} ${c.without.operation}: after ${Date.now() - started} ms ${c.condition.type}=${seen?.status} ${seen?.reason}: ${seen?.message}`);
      expect(seen).toMatchObject({ status: c.condition.status, reason: c.condition.reason, message: expect.stringContaining(expected) });
      await worker.stop();
    }, 60_000);
  });
});
