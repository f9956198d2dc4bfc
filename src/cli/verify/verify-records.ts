import type { ClusterLink } from '../../kafka/index.ts';
import { partitionKey } from '../../replication/assignment.ts';
import { CliError } from '../cli-error.ts';
import type { OpenCluster } from '../clusters/job-clusters.ts';
import { digestPartition, PartitionReadError, type PartitionDigest } from './partition-digest.ts';
import { SETTLE_WAIT_MS, settledEnds } from './settled-ends.ts';
import type { Difference } from './verify-result.ts';

export interface RecordComparison {
  partitions: number;
  differences: Difference[];
  records: { source: number; target: number };
}

const CONCURRENCY = 4;

async function leadersOf(link: ClusterLink, topics: string[]): Promise<Map<string, number>> {
  const leaders = new Map<string, number>();
  // Metadata requests name topics; batches keep each request small on clusters with many topics.
  for (let i = 0; i < topics.length; i += 200) {
    for (const l of await link.leaders(topics.slice(i, i + 200))) leaders.set(partitionKey(l), l.leader);
  }
  return leaders;
}

/** A partition's digest, and whether a transaction left some of its records out (still open when verify stopped waiting). */
type SideDigest = PartitionDigest & { openTransaction: boolean };

async function digestSide(cluster: OpenCluster, jobs: Array<{ topic: string; partition: number }>): Promise<Map<string, SideDigest>> {
  const [leaders, ends] = await Promise.all([leadersOf(cluster.link, [...new Set(jobs.map((j) => j.topic))]), settledEnds(cluster.link, jobs)]);
  const digests = new Map<string, SideDigest>();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const leader = leaders.get(partitionKey(job));
      if (leader === undefined || leader < 0) throw new CliError(`${job.topic}/${job.partition} has no leader on the ${cluster.context.side} cluster; try again once it has one`);
      try {
        const { end, openTransaction } = ends.get(partitionKey(job))!;
        digests.set(partitionKey(job), { ...(await digestPartition(cluster.link, job.topic, job.partition, leader, end)), openTransaction });
      } catch (err) {
        if (err instanceof PartitionReadError && err.code === 'TOPIC_AUTHORIZATION_FAILED') {
          const who = cluster.context.username !== undefined ? `user "${cluster.context.username}"` : 'this client';
          throw new CliError(`${who} may not read topic ${job.topic} on the ${cluster.context.side} cluster (TOPIC_AUTHORIZATION_FAILED); verify reads every record, so it needs READ there`);
        }
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));
  return digests;
}

/** Why counts may differ that is not the copy's fault: a transaction verify waited for in vain, whose records it left out. */
function openNote(source: SideDigest, target: SideDigest): string {
  const sides = [source.openTransaction ? 'source' : '', target.openTransaction ? 'target' : ''].filter(Boolean);
  return sides.length === 0 ? '' : ` (a transaction on the ${sides.join(' and the ')} was still open after ${SETTLE_WAIT_MS / 1000} s; its records are not counted)`;
}

/** Per partition: record counts and content checksums of both sides, as read_committed consumers see them once the transactions open now have ended. */
export async function compareRecords(source: OpenCluster, target: OpenCluster, pairs: Array<{ source: string; target: string; partitions: number }>): Promise<RecordComparison> {
  const partitions = pairs.flatMap((p) => Array.from({ length: p.partitions }, (_, partition) => ({ pair: p, partition })));
  const [s, t] = await Promise.all([
    digestSide(source, partitions.map((p) => ({ topic: p.pair.source, partition: p.partition }))),
    digestSide(target, partitions.map((p) => ({ topic: p.pair.target, partition: p.partition }))),
  ]);
  const out: RecordComparison = { partitions: partitions.length, differences: [], records: { source: 0, target: 0 } };
  for (const { pair, partition } of partitions) {
    const a = s.get(partitionKey({ topic: pair.source, partition }))!;
    const b = t.get(partitionKey({ topic: pair.target, partition }))!;
    out.records.source += a.records;
    out.records.target += b.records;
    const subject = `${pair.target}/${partition}`;
    if (a.records !== b.records) out.differences.push({ check: 'records', subject, detail: `${a.records} records on the source, ${b.records} on the target${openNote(a, b)}` });
    else if (a.sha256 !== b.sha256) out.differences.push({ check: 'checksums', subject, detail: `same count (${a.records}) but different content (sha256 ${a.sha256.slice(0, 12)}... vs ${b.sha256.slice(0, 12)}...)` });
  }
  return out;
}
