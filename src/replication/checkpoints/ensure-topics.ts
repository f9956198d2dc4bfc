import { setTimeout as sleep } from 'node:timers/promises';
import { type ClusterLink, isAuthorizationFailure, toKafkaClientError, type TopicLayout } from '../../kafka/index.ts';

/**
 * Creates those of the job's own topics (one partition each) the target lacks, replication factor
 * min(3, brokers), and returns once each has a leader.
 */
export async function ensureJobTopics(link: ClusterLink, wanted: ReadonlyArray<readonly [string, Record<string, string>]>): Promise<void> {
  const existing = await link.topics();
  const missing = wanted.filter(([topic]) => !existing.has(topic));
  if (missing.length === 0) return;
  const replicas = Math.min(3, await link.brokerCount());
  let refused: unknown;
  // Side by side: each request waits for the controller to commit it, and a job's first start waits for both.
  await Promise.all(missing.map(async ([topic, configs]) => {
    try {
      await link.createTopic({ name: topic, partitions: 1, replicas, configs });
    } catch (err) {
      const failure = toKafkaClientError(`creating the job's topic ${topic} on the target`, err);
      // Waiting cannot help a missing permission; the worker reports it naming the topic.
      if (isAuthorizationFailure(failure.code)) throw failure;
      // Another worker of the job (or worker 0's metadata sync) may have created it a moment ago (the
      // library wraps "already exists"): it is an error only if the topic does not turn up below.
      refused ??= err;
    }
  }));
  if (!(await led(link, missing.map(([topic]) => topic))) && refused !== undefined) throw refused;
}

/**
 * Whether every topic has a leader within a few seconds. The controller commits a new topic before
 * every broker serves it, so a read right after the creation may find it unknown; a topic that is
 * still unknown after the wait fails the first request that uses it, and the worker retries. Asked
 * every 50 ms without the client library's retries (1 s apart), which held a job's first start a second.
 */
async function led(link: ClusterLink, topics: string[]): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const layouts = await link.layouts(topics).catch(() => new Map<string, TopicLayout>());
    const hasLeaders = (t: string) => {
      const partitions = layouts.get(t)?.partitions ?? [];
      return partitions.length > 0 && partitions.every((p) => p.leader >= 0);
    };
    if (topics.every(hasLeaders)) return true;
    await sleep(50);
  }
  return false;
}
