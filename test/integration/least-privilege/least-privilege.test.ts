/**
 * The job as a principal holding exactly the grants of docs/acls.md, which its ```sh test block makes
 * with Kafka's kafka-acls, on a 3.9.1 source and a 4.1.2 target that both enforce ACLs (SASL/PLAIN,
 * allow.everyone.if.no.acl.found=false). First every feature works with those grants alone; then,
 * one grant removed at a time, the condition the operator would write names what is missing.
 * Judges: kcat and Kafka's own tools, as the admin.
 */
import { findCondition, type Condition } from '../../../src/api/index.ts';
import { waitFor } from '../../helpers/processes.ts';
import { derivedGrants, grant, type Grantee, type GrantRef, type Grants } from './documented-grants.ts';
import { everyFeatureJob, seed, TOPIC_PREFIX, type EveryFeatureJob } from './every-feature-job.ts';
import { conditionsFromWorker } from './job-conditions.ts';
import { expectEverythingArrived, expectJobWorks, startGround, untilSettled, userOf, type LeastPrivilegeGround } from './least-privilege-ground.ts';

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

/** Every grant of the block, removed in turn. Data-path failures show on Degraded, sync failures on their *InSync condition. */
const CASES: MissingGrant[] = [
  {
    // The issue's bad input: a topic the job may see (Describe) but not read.
    key: 'src-read',
    without: { side: 'source', resourceType: 'Topic', resourceName: prefix, operation: 'Read', keep: 'Describe' },
    condition: degraded((j) => `topic ${j.topics.a} partition 0 stopped at offset 0: TOPIC_AUTHORIZATION_FAILED (the job may not read this topic on the source)`),
  },
  {
    key: 'tgt-write',
    without: { side: 'target', resourceType: 'Topic', resourceName: prefix, operation: 'Write' },
    condition: degraded((j) => `topic ${j.topics.a} partition 0 stopped at offset 0: TOPIC_AUTHORIZATION_FAILED (the job may not write this topic on the target)`),
  },
  {
    key: 'txn-write',
    without: { side: 'target', resourceType: 'TransactionalId', resourceName: (w) => `kafka-mirror.${w.jobId}.`, operation: 'Write' },
    condition: degraded((j) => `worker 0 (lp-worker-0) cannot start: TRANSACTIONAL_ID_AUTHORIZATION_FAILED: starting transactions as kafka-mirror.${j.grantee.jobId}.r1.w0 on the target`),
  },
  {
    key: 'own-create',
    without: { side: 'target', resourceType: 'Topic', resourceName: ownTopics, operation: 'Create' },
    condition: degraded((j) => `worker 0 (lp-worker-0) cannot start: TOPIC_AUTHORIZATION_FAILED: creating the job's topic __kafka-mirror.${j.grantee.jobId}.checkpoints on the target`),
  },
  {
    key: 'tgt-create',
    without: { side: 'target', resourceType: 'Topic', resourceName: prefix, operation: 'Create' },
    condition: syncCondition('TopicsInSync', (j) => `the target refused 1: CreateTopic topic ${j.topics.a}: TOPIC_AUTHORIZATION_FAILED`),
  },
  {
    key: 'cfg-alter',
    without: { side: 'target', resourceType: 'Topic', resourceName: prefix, operation: 'AlterConfigs', keep: 'DescribeConfigs' },
    condition: syncCondition('ConfigsInSync', (j) => `the target refused 1: AlterTopicConfigs topic ${j.topics.b}: TOPIC_AUTHORIZATION_FAILED`),
  },
  {
    // Without the DescribeConfigs that AlterConfigs implies, the target's configs cannot even be read.
    key: 'cfg-none',
    without: { side: 'target', resourceType: 'Topic', resourceName: prefix, operation: 'AlterConfigs' },
    condition: syncCondition('ConfigsInSync', () => 'failed before changing anything: TOPIC_AUTHORIZATION_FAILED: reading the target (describeConfigs)'),
  },
  {
    key: 'acl-alter',
    without: { side: 'target', resourceType: 'Cluster', resourceName: () => 'kafka-cluster', operation: 'Alter', keep: 'Describe' },
    condition: syncCondition('AclsInSync', (j) => `the target refused 1: CreateAcls ACL Topic:Literal:${j.topics.a} User:alice Read: CLUSTER_AUTHORIZATION_FAILED`),
  },
  {
    // Without the Describe that Alter implies, the target's ACLs cannot even be read.
    key: 'acl-none',
    without: { side: 'target', resourceType: 'Cluster', resourceName: () => 'kafka-cluster', operation: 'Alter' },
    condition: syncCondition('AclsInSync', () => 'ACLs of the target cannot be read: CLUSTER_AUTHORIZATION_FAILED'),
  },
  {
    key: 'grp-read',
    without: { side: 'target', resourceType: 'Group', resourceName: () => '*', operation: 'Read' },
    condition: syncCondition('GroupOffsetsInSync', (j) => `1 of 1 groups not synced: group ${j.group}: GROUP_AUTHORIZATION_FAILED`),
  },
  {
    key: 'src-grp',
    without: { side: 'source', resourceType: 'Group', resourceName: () => '*', operation: 'Describe' },
    condition: syncCondition('GroupOffsetsInSync', (j) => `1 of 1 groups not synced: group ${j.group}: GROUP_AUTHORIZATION_FAILED: the job may not describe this group on the source`),
  },
  {
    key: 'src-cluster',
    without: { side: 'source', resourceType: 'Cluster', resourceName: () => 'kafka-cluster', operation: 'Describe' },
    condition: syncCondition('AclsInSync', () => 'ACLs of the source cannot be read: CLUSTER_AUTHORIZATION_FAILED'),
  },
  {
    key: 'src-cfg',
    without: { side: 'source', resourceType: 'Topic', resourceName: prefix, operation: 'DescribeConfigs' },
    condition: syncCondition('ConfigsInSync', () => 'failed before changing anything: TOPIC_AUTHORIZATION_FAILED: reading the source (describeConfigs)'),
  },
  {
    key: 'tgt-alter',
    without: { side: 'target', resourceType: 'Topic', resourceName: prefix, operation: 'Alter' },
    condition: syncCondition('TopicsInSync', (j) => `the target refused 1: CreatePartitions topic ${j.topics.b}: TOPIC_AUTHORIZATION_FAILED`),
  },
  {
    key: 'tgt-read',
    without: { side: 'target', resourceType: 'Topic', resourceName: prefix, operation: 'Read' },
    condition: syncCondition('GroupOffsetsInSync', (j) => `1 of 1 groups not synced: group ${j.group}: TOPIC_AUTHORIZATION_FAILED`),
  },
  {
    key: 'own-read',
    without: { side: 'target', resourceType: 'Topic', resourceName: ownTopics, operation: 'Read' },
    condition: degraded((j) => `worker 0 (lp-worker-0) cannot start: TOPIC_AUTHORIZATION_FAILED: replication: reading __kafka-mirror.${j.grantee.jobId}.checkpoints/0`),
  },
  {
    key: 'own-write',
    without: { side: 'target', resourceType: 'Topic', resourceName: ownTopics, operation: 'Write' },
    condition: degraded((j) => `worker 0 (lp-worker-0) cannot start: TOPIC_AUTHORIZATION_FAILED: writing the job's topics __kafka-mirror.${j.grantee.jobId}.checkpoints`),
  },
];


/** Missing grants that stop partitions, given afterwards: the job picks them up without a restart. */
const REGRANTED = CASES.filter((c) => c.key === 'src-read' || c.key === 'tgt-write').map((c) => ({ ...c, key: `re-${c.key}` }));

describe('a job holding exactly the grants of docs/acls.md (3.9.1 source, 4.1.2 target, both enforcing ACLs)', () => {
  let ground: LeastPrivilegeGround;

  beforeAll(async () => {
    ground = await startGround('3.9.1', ['alo', ...REGRANTED.map((c) => c.key), ...CASES.map((c) => c.key)]);
  }, 240_000);

  afterAll(() => ground?.stop());

  it('the documented block grants the tables\' operations less those Kafka implies (Describe by Read, Write or Alter; DescribeConfigs by AlterConfigs)', () => {
    const summary = (grants: Grants['source']) => grants.map((b) => `${b.resourceType}:${b.patternType}:${b.resourceName} ${b.operation}`).sort();
    expect(summary(ground.documented.source)).toEqual([
      'Cluster:Literal:kafka-cluster Describe',
      'Group:Literal:* Describe',
      'Topic:Prefixed:lp. DescribeConfigs', 'Topic:Prefixed:lp. Read',
    ]);
    expect(summary(ground.documented.target)).toEqual([
      'Cluster:Literal:kafka-cluster Alter',
      'Group:Literal:* Read',
      'Topic:Prefixed:__kafka-mirror.test.lp-full. Create', 'Topic:Prefixed:__kafka-mirror.test.lp-full. Read', 'Topic:Prefixed:__kafka-mirror.test.lp-full. Write',
      'Topic:Prefixed:lp. Alter', 'Topic:Prefixed:lp. AlterConfigs', 'Topic:Prefixed:lp. Create', 'Topic:Prefixed:lp. Read', 'Topic:Prefixed:lp. Write',
      'TransactionalId:Prefixed:kafka-mirror.test.lp-full. Write',
    ]);
  });

  it('ExactlyOnce, every feature on: records, configs, ACLs and group offsets arrive, no action fails', async () => {
    const { source, target, full } = ground;
    await seed(source, target, full);
    await expectJobWorks(ground, full, 'ExactlyOnce');
  }, 150_000);

  it('AtLeastOnce, every feature on, with the documented grants less the TransactionalId one', async () => {
    const job = everyFeatureJob('alo', userOf('alo'));
    const txnWrite: GrantRef = { side: 'target', resourceType: 'TransactionalId', resourceName: (w) => `kafka-mirror.${w.jobId}.`, operation: 'Write' };
    const { source, target, full, documented } = ground;
    await seed(source, target, job);
    await grant(source, target, derivedGrants(documented, full.grantee, job.grantee, [txnWrite]));
    await expectJobWorks(ground, job, 'AtLeastOnce');
  }, 150_000);

  it('a grant given while partitions stand stopped for it: they copy again within a minute, no restart, nothing lost or doubled', async () => {
    const { source, target, full, documented } = ground;
    await Promise.all(REGRANTED.map(async (c) => {
      const job = everyFeatureJob(c.key, userOf(c.key));
      await seed(source, target, job);
      await grant(source, target, derivedGrants(documented, full.grantee, job.grantee, [c.without]));
      const worker = await ground.run(job, 'ExactlyOnce');
      await waitFor(`${c.key}: its partitions to stop`, async () => ((await worker.status()).stopped.length > 0 ? true : undefined), { timeoutMs: 60_000 });
      await grant(source, target, derivedGrants(documented, full.grantee, job.grantee));
      const granted = Date.now();
      // A stopped partition is tried again every 30 s (PERMISSION_RETRY_MS).
      await waitFor(`${c.key}: no partition stopped any more`, async () => ((await worker.status()).stopped.length === 0 ? true : undefined), { timeoutMs: 60_000, intervalMs: 500 });
      console.log(`${c.key}: copying again ${Date.now() - granted} ms after the grant`);
      expect((await untilSettled(worker)).stopped).toEqual([]);
      expect(findCondition(conditionsFromWorker(await worker.report()), 'Degraded')?.status).toBe('False');
      await worker.stop();
      await expectEverythingArrived(source, target, job);
    }));
  }, 150_000);

  describe.each(CASES.map((c) => [`${c.without.side} ${c.without.resourceType} ${c.without.operation}${c.without.keep ? ` (${c.without.keep} kept)` : ''}`, c] as const))('without %s', (_name, c) => {
    it(`the ${c.condition.type} condition names it`, async () => {
      const { source, target, full, documented } = ground;
      const job = everyFeatureJob(c.key, userOf(c.key));
      await seed(source, target, job);
      await grant(source, target, derivedGrants(documented, full.grantee, job.grantee, [c.without]));
      const started = Date.now();
      const worker = await ground.run(job, 'ExactlyOnce');
      const expected = c.condition.message(job);
      let seen: Condition | undefined;
      // The goal is 30 s from the job's start (logged below); the wait is longer, as tests do not time the machine.
      await waitFor(`${c.condition.type} to name the missing grant`, async () => {
        seen = findCondition(conditionsFromWorker(await worker.report()), c.condition.type);
        return seen?.status === c.condition.status && seen.reason === c.condition.reason && seen.message.includes(expected) ? true : undefined;
      }, { timeoutMs: 90_000 - (Date.now() - started), intervalMs: 500 }).catch(() => undefined);
      console.log(`without ${c.without.side} ${c.without.resourceType} ${c.without.operation}${c.without.keep ? ` (${c.without.keep} kept)` : ''}: after ${Date.now() - started} ms ${c.condition.type}=${seen?.status} ${seen?.reason}: ${seen?.message}`);
      expect(seen).toMatchObject({ status: c.condition.status, reason: c.condition.reason, message: expect.stringContaining(expected) });
      await worker.stop();
    }, 150_000);
  });
});
