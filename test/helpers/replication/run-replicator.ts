import { DEFAULT_COMMIT_INTERVAL_MS } from '../../../src/api/index.ts';
import { ClusterLink } from '../../../src/kafka/cluster-link.ts';
import { silentLogger } from '../../../src/runtime/logger.ts';
import { defaultFetchLimits } from '../../../src/replication/source/source.reader.ts';
import type { ReplicationConfig } from '../../../src/replication/replication-config.ts';
import { Replicator } from '../../../src/replication/replicator.ts';
import { accessOf } from '../kafka/access.ts';
import type { KafkaCluster } from '../kafka/kafka-cluster.ts';

/** A replication config for a test: mirrors exactly `topics`, identity names, one worker. */
export function aReplicationConfig(topics: string[], overrides: Partial<ReplicationConfig> = {}): ReplicationConfig {
  return {
    jobId: `test-${Math.random().toString(36).slice(2, 10)}`,
    workerIndex: 0,
    workerCount: 1,
    revision: Date.now(),
    delivery: 'ExactlyOnce',
    startFrom: 'Earliest',
    commitIntervalMs: DEFAULT_COMMIT_INTERVAL_MS,
    selectTopic: (t) => topics.includes(t),
    targetTopic: (t) => t,
    metadataRefreshMs: 2_000,
    fetch: defaultFetchLimits,
    ...overrides,
  };
}

/** A replicator running in the test process, until `stop()`. */
export interface RunningReplicator {
  replicator: Replicator;
  stop(): Promise<void>;
  done: Promise<void>;
}

/** `links` replaces the replicator's own links to the clusters, for a test that interferes with one. */
export function startReplicator(source: KafkaCluster, target: KafkaCluster, config: ReplicationConfig, links: { target?: ClusterLink } = {}): RunningReplicator {
  const src = new ClusterLink(accessOf(source), 'test-mirror-source');
  const dst = links.target ?? new ClusterLink(accessOf(target), 'test-mirror-target');
  const replicator = new Replicator(config, { source: src, target: dst, logger: silentLogger });
  const controller = new AbortController();
  const done = replicator.run(controller.signal).finally(async () => {
    await Promise.all([src.close(), dst.close()]);
  });
  return {
    replicator,
    done,
    async stop() {
      controller.abort();
      await done;
    },
  };
}

/**
 * Waits until every assigned partition's position reached the source's end, as a fetch sent after this
 * call found it (an older one may predate records just written); a partition stopped for a refusal counts.
 */
export async function untilCaughtUp(r: Replicator, timeoutMs = 60_000): Promise<void> {
  const asked = Date.now();
  const deadline = asked + timeoutMs;
  while (Date.now() < deadline) {
    const parts = [...r.partitions.values()];
    const fresh = (r.lagMeasuredAt ?? 0) >= asked || parts.every((p) => p.stopped);
    if (r.ready && fresh && parts.length > 0 && parts.every((p) => p.stopped || p.position >= p.endOffset) && parts.some((p) => p.endOffset > 0)) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`not caught up after ${timeoutMs} ms: ${JSON.stringify([...r.partitions.values()].map((p) => [p.source, p.position, p.endOffset, p.stopped]))}`);
}
