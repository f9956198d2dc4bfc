import { compareTopics } from '../../helpers/kafka/compare-topics.ts';
import { startKafkaCluster, stopKafkaCluster, type KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { waitFor } from '../../helpers/processes.ts';
import { caughtUpSince, startWorker, type WorkerProcess, type WorkerStatus } from '../../helpers/replication/worker-process.ts';
import { runSubdir } from '../../helpers/run-dir.ts';
import { grantAsDocumented, type Grants } from './documented-grants.ts';
import {
  A_CONFIG, B_CONFIG, everyFeatureJob, RECORDS_PER_PARTITION, targetCommittedOffset, targetTopicAcls, targetTopicConfigs, valueAt, writeEveryFeatureJob, type EveryFeatureJob,
} from './every-feature-job.ts';

/** A fresh SASL user per job, so that each job holds exactly the grants its case gives it. */
export const userOf = (key: string): string => `lp${key.replace(/-/g, '')}`;
const passwordOf = (username: string): string => `${username}-secret`;

/** Private clusters that enforce ACLs, and docs/acls.md's block run for the job `full`. */
export interface LeastPrivilegeGround {
  source: KafkaCluster;
  target: KafkaCluster;
  full: EveryFeatureJob;
  /** What the block made for `full`'s principal, as the brokers list it. */
  documented: Grants;
  /** A worker process running `job` as its own principal. */
  run(job: EveryFeatureJob, delivery: 'ExactlyOnce' | 'AtLeastOnce'): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

/**
 * A `sourceVersion` source and a 4.1.2 target, both SASL/PLAIN with ACLs enforced, knowing a user for
 * the job `full` and for each of `keys`.
 */
export async function startGround(sourceVersion: string, keys: readonly string[]): Promise<LeastPrivilegeGround> {
  const names = ['full', ...keys].map(userOf);
  const users = { admin: { username: 'admin', password: 'admin-secret' }, users: Object.fromEntries(names.map((u) => [u, passwordOf(u)])) };
  const [source, target] = await Promise.all([
    startKafkaCluster({ version: sourceVersion, sasl: true, users }, runSubdir(`lp-source-${sourceVersion}`), `lp-source-${sourceVersion}`),
    startKafkaCluster({ version: '4.1.2', sasl: true, users }, runSubdir(`lp-target-for-${sourceVersion}`), `lp-target-for-${sourceVersion}`),
  ]);
  const full = everyFeatureJob('full', userOf('full'));
  const workers: WorkerProcess[] = [];
  return {
    source,
    target,
    full,
    documented: await grantAsDocumented(source, target, full.grantee),
    async run(job, delivery) {
      const worker = await startWorker(writeEveryFeatureJob(source, target, job, delivery, passwordOf(job.grantee.username)), { index: 0, revision: 1 });
      workers.push(worker);
      return worker;
    },
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all([stopKafkaCluster(source), stopKafkaCluster(target)]);
    },
  };
}

/** Caught up on all four partitions, and a whole sync round with no failed action and the group synced. */
export const untilSettled = (worker: WorkerProcess): Promise<WorkerStatus> => {
  const asked = Date.now();
  return waitFor('the job to catch up and sync cleanly', async () => {
    const s = await worker.status();
    return caughtUpSince(s, asked) && s.assigned.length === 4 && s.sync?.errors === 0 && s.sync.groups.synced === 1 ? s : undefined;
  }, { timeoutMs: 90_000, intervalMs: 500 });
};

/** Kafka's tools and kcat find every record, both configs, the ACL and the translated group offset on the target. */
export async function expectEverythingArrived(source: KafkaCluster, target: KafkaCluster, job: EveryFeatureJob): Promise<void> {
  // The judges are separate JVMs and kcat runs: asked side by side.
  const [comparisons, configsA, configsB, acls, committed, nextOnSource] = await Promise.all([
    Promise.all(Object.values(job.topics).map(async (topic) => ({ topic, ...(await compareTopics(source, topic, target)) }))),
    targetTopicConfigs(target, job.topics.a),
    targetTopicConfigs(target, job.topics.b),
    targetTopicAcls(target, job.topics.a),
    targetCommittedOffset(target, job.group, job.topics.a),
    valueAt(source, job.topics.a, job.committed),
  ]);
  const exact = { sourceRecords: 2 * RECORDS_PER_PARTITION, targetRecords: 2 * RECORDS_PER_PARTITION, lost: 0, duplicated: 0, mismatchedPartitions: [] };
  expect(comparisons).toEqual(Object.values(job.topics).map((topic) => ({ topic, ...exact })));
  expect(configsA).toMatchObject(A_CONFIG);
  expect(configsB).toMatchObject(B_CONFIG);
  expect(acls).toEqual(['User:alice ALLOW READ']);
  // The group resumes on the target at the copy of the record it would have read next on the source.
  expect(committed).toBeDefined();
  expect(await valueAt(target, job.topics.a, committed!)).toBe(nextOnSource);
}

/** The whole claim for one job: seeded, run with `delivery`, settled with nothing stopped, and everything on the target. */
export async function expectJobWorks(ground: LeastPrivilegeGround, job: EveryFeatureJob, delivery: 'ExactlyOnce' | 'AtLeastOnce'): Promise<void> {
  const status = await untilSettled(await ground.run(job, delivery));
  expect(status.stopped).toEqual([]);
  await expectEverythingArrived(ground.source, ground.target, job);
}
