import { setTimeout as sleep } from 'node:timers/promises';
import { type ClusterLink, isAuthorizationFailure, toKafkaClientError } from '../../kafka/index.ts';

/** Creates those of the job's own topics (one partition each) the target lacks; replication factor min(3, brokers). */
export async function ensureJobTopics(link: ClusterLink, wanted: ReadonlyArray<readonly [string, Record<string, string>]>): Promise<void> {
  const existing = await link.topics();
  const missing = wanted.filter(([topic]) => !existing.has(topic));
  if (missing.length === 0) return;
  const replicas = Math.min(3, await link.brokerCount());
  for (const [topic, configs] of missing) {
    try {
      await link.createTopic({ name: topic, partitions: 1, replicas, configs });
    } catch (err) {
      const failure = toKafkaClientError(`creating the job's topic ${topic} on the target`, err);
      // Waiting cannot help a missing permission; the worker reports it naming the topic.
      if (isAuthorizationFailure(failure.code)) throw failure;
      // Another worker of the job (or worker 0's metadata sync) may have created it a moment ago;
      // the library wraps "already exists", and brokers learn of a new topic with a small delay.
      if (!(await appears(link, topic))) throw err;
    }
  }
  await untilLed(link, missing.map(([topic]) => topic));
}

/**
 * A created topic is committed by the controller before every broker knows it: a read or write right
 * after the creation may find it unknown. Waits (a few seconds at most) until each has a leader; a topic
 * still unknown after that fails the first request that uses it, and the worker retries.
 */
async function untilLed(link: ClusterLink, topics: string[]): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const leaders = await link.leaders(topics).catch(() => []);
    if (topics.every((t) => leaders.some((l) => l.topic === t)) && leaders.every((l) => l.leader >= 0)) return;
    await sleep(250);
  }
}

async function appears(link: ClusterLink, topic: string): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    if ((await link.topics()).has(topic)) return true;
    await sleep(300);
  }
  return false;
}
