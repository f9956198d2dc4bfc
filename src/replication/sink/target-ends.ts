import { type ClusterLink, LATEST } from '../../kafka/index.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { PartitionState } from '../partition-state.ts';

/**
 * The end of each target partition (read_committed), for partitions whose targetNext is not known. The
 * open interval has written nothing to them (a written partition's targetNext is known), and the
 * worker has never committed a copy to them that a checkpoint does not account for, so every later
 * copy lands at or after this end. A failed listing only delays the record to a later fetch.
 */
export async function targetEnds(target: ClusterLink, partitions: readonly PartitionState[], logger: Logger): Promise<Map<string, number>> {
  try {
    const ends = await target.listOffsets(partitions.map((p) => p.target), LATEST);
    return new Map([...ends].filter(([, offset]) => offset >= 0));
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err), partitions: partitions.length }, 'could not list the end of target partitions; trying again next fetch');
    return new Map();
  }
}
