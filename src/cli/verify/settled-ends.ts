import { setTimeout as sleep } from 'node:timers/promises';
import { type ClusterLink, LATEST } from '../../kafka/index.ts';
import { partitionKey } from '../../replication/assignment.ts';

/** Where verify reads a partition to, and whether a transaction there was still open when it stopped waiting. */
export interface SettledEnd {
  end: number;
  openTransaction: boolean;
}

/** How long verify waits for the transactions it finds open. A running ExactlyOnce job commits every few seconds. */
export const SETTLE_WAIT_MS = 15_000;
const POLL_MS = 200;

/**
 * The end of each partition as a read_committed consumer will see it once the transactions open now
 * have ended: their high watermarks now, after waiting for the last stable offsets to pass them. A
 * job's commit is answered before its markers are written, so a verify right after a run saw whole
 * partitions short; and a job still running always has a transaction open. A transaction still open
 * after `waitMs` leaves its partition at its last stable offset, and says so.
 */
export async function settledEnds(link: ClusterLink, partitions: Array<{ topic: string; partition: number }>, waitMs = SETTLE_WAIT_MS): Promise<Map<string, SettledEnd>> {
  const [high, stable] = await Promise.all([link.listOffsets(partitions, LATEST, 'read_uncommitted'), link.listOffsets(partitions, LATEST)]);
  const highOf = (p: { topic: string; partition: number }) => high.get(partitionKey(p)) ?? 0;
  const stableOf = (p: { topic: string; partition: number }) => stable.get(partitionKey(p)) ?? 0;
  const deadline = Date.now() + waitMs;
  let open = partitions.filter((p) => stableOf(p) < highOf(p));
  while (open.length > 0 && Date.now() < deadline) {
    await sleep(POLL_MS);
    for (const [k, offset] of await link.listOffsets(open, LATEST)) stable.set(k, offset);
    open = open.filter((p) => stableOf(p) < highOf(p));
  }
  return new Map(partitions.map((p) => [partitionKey(p), { end: Math.min(stableOf(p), highOf(p)), openTransaction: stableOf(p) < highOf(p) }]));
}
