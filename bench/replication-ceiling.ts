/**
 * The real ceiling (issue #20): Kafka's own replication of the preloaded data set. A second broker
 * joins the source cluster, a reassignment makes it a follower of every partition of the set, and the
 * clock runs until every partition lists it in its in-sync replicas. A follower fetches batches and
 * appends them as they are, offsets kept: the most optimised copier Kafka has, and what a mirror that
 * keeps batches whole competes with. Between runs the reassignment is undone and the follower's copies
 * deleted, so every run copies everything.
 */
import { readdirSync } from 'node:fs';
import kafkajs, { type Admin } from 'kafkajs';
import { addBroker, type AddedBroker, type KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { stopProcess, waitFor } from '../test/helpers/processes.ts';
import { runSubdir } from '../test/helpers/run-dir.ts';
import type { TopicLayout } from './cluster-admin.ts';
import type { DataToCopy } from './copy-watch.ts';
import { sampleProcesses } from './process-sampler.ts';
import type { ReplicationCeilingRun } from './results.ts';

/** The node id of the source's one broker (a combined KRaft node). */
const LEADER = 1;
const FOLLOWER = 2;
/** How often the in-sync replicas are asked for: the resolution of the measured time. */
const POLL_MS = 100;

const assignment = (layout: readonly TopicLayout[], replicas: number[]) =>
  layout.map((t) => ({ topic: t.name, partitionAssignment: Array.from({ length: t.partitions }, (_, partition) => ({ partition, replicas })) }));

/** Partitions of the set whose in-sync replicas do not (yet) include the follower; all of them while the metadata lacks one. */
async function partitionsBehind(admin: Admin, layout: readonly TopicLayout[]): Promise<number> {
  const { topics } = await admin.fetchTopicMetadata({ topics: layout.map((t) => t.name) });
  const total = layout.reduce((n, t) => n + t.partitions, 0);
  const inSync = topics.flatMap((t) => t.partitions).filter((p) => p.replicas.includes(FOLLOWER) && p.isr.includes(FOLLOWER)).length;
  return total - inSync;
}

/** The set's partition folders in the follower's log directory (`<topic>-<partition>`, or `...-delete` while going). */
const followerCopies = (follower: AddedBroker, layout: readonly TopicLayout[]): string[] => {
  const names = new Set(layout.map((t) => t.name));
  return readdirSync(follower.logDir).filter((d) => names.has(d.replace(/-\d+(\.[^.]+-delete)?$/, '')));
};

async function timeOneReplication(admin: Admin, source: KafkaCluster, follower: AddedBroker, data: DataToCopy): Promise<ReplicationCeilingRun> {
  const sampler = sampleProcesses(() => [source.brokerPid, follower.pid]);
  const before = sampler.latest().cpuSeconds;
  const started = performance.now();
  await admin.alterPartitionReassignments({ topics: assignment(data.layout, [LEADER, FOLLOWER]) });
  try {
    await waitFor('the follower to be in sync on every partition', async () => ((await partitionsBehind(admin, data.layout)) === 0 ? true : undefined), { timeoutMs: 30 * 60_000, intervalMs: POLL_MS });
  } finally {
    sampler.finish();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = sampler.latest().cpuSeconds - before;
  const partitions = data.layout.reduce((n, t) => n + t.partitions, 0);
  // A reassignment that did not happen would also leave nothing behind: the follower must hold a copy of every partition.
  const copies = followerCopies(follower, data.layout).length;
  if (copies !== partitions) throw new Error(`the follower holds ${copies} of ${partitions} partitions after the reassignment`);
  return {
    seconds,
    recordsPerSecond: data.records / seconds,
    mbPerSecond: data.bytes / 1e6 / seconds,
    cpuSeconds,
    cpuSecondsPerGb: cpuSeconds / (data.bytes / 1e9),
  };
}

/** Moves every partition back to the leader alone and waits until the follower has deleted its copies. */
async function undoReplication(admin: Admin, follower: AddedBroker, layout: readonly TopicLayout[]): Promise<void> {
  await admin.alterPartitionReassignments({ topics: assignment(layout, [LEADER]) });
  await waitFor('the follower to delete its copies', async () => (followerCopies(follower, layout).length === 0 ? true : undefined), { timeoutMs: 120_000, intervalMs: 250 });
}

export async function measureReplicationCeiling(source: KafkaCluster, data: DataToCopy, runs: number, onRun: (run: ReplicationCeilingRun) => void): Promise<ReplicationCeilingRun[]> {
  const follower = await addBroker(source, runSubdir('source-follower'), FOLLOWER);
  const admin = new kafkajs.Kafka({ clientId: 'bench-replication-ceiling', brokers: [source.bootstrap], logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  const results: ReplicationCeilingRun[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      try {
        const r = await timeOneReplication(admin, source, follower, data);
        results.push(r);
        onRun(r);
      } finally {
        // Also after a failed run: the later sections read partitions whose only replica is the leader.
        await undoReplication(admin, follower, data.layout);
      }
    }
  } finally {
    await admin.disconnect();
    // The follower leaves the cluster fenced; nothing is assigned to it any more, and new topics avoid fenced brokers.
    await stopProcess({ pid: follower.pid }, 30_000);
  }
  return results;
}
