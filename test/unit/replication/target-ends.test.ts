import type { ClusterLink } from '../../../src/kafka/index.ts';
import { KafkaErrorCode } from '../../../src/kafka/index.ts';
import type { PartitionState } from '../../../src/replication/partition-state.ts';
import { TargetEnds, UNANSWERED_WARN_MS } from '../../../src/replication/sink/target-ends.ts';
import { silentLogger, type Logger } from '../../../src/runtime/logger.ts';

const partition = (n: number): PartitionState => ({ source: { topic: 's', partition: n }, target: { topic: 't', partition: n }, position: 0, endOffset: 0, copied: 0 });

/** A target whose partitions 0 and 1 answer and whose partition 2 has no log yet, until `ready`. */
function target(): { link: ClusterLink; ready: () => void } {
  let logMade = false;
  const link = {
    offsetsEach: async () => ({
      offsets: new Map([['t:0', 5], ['t:1', 0], ...(logMade ? [['t:2', 0] as [string, number]] : [])]),
      refused: new Map(logMade ? [] : [['t:2', KafkaErrorCode.NOT_LEADER_OR_FOLLOWER]]),
    }),
  } as unknown as ClusterLink;
  return { link, ready: () => { logMade = true; } };
}

describe('TargetEnds: the target partitions a worker may write to after a start', () => {
  it('gives the ends that were answered and holds the partitions without one as waiting for their target', async () => {
    const { link } = target();
    const [p0, p1, p2] = [partition(0), partition(1), partition(2)];
    const ends = await new TargetEnds(link, silentLogger).holdUnanswered([p0, p1, p2]);
    expect(ends).toEqual(new Map([['t:0', 5], ['t:1', 0]]));
    expect([p0.waitingForTarget, p1.waitingForTarget, p2.waitingForTarget]).toEqual([undefined, undefined, true]);
  });

  it('names a partition that stays unanswered once, after the wait, with Kafka\'s reason; an answer clears it', async () => {
    const { link, ready } = target();
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, warn: (fields: unknown) => warnings.push(fields) } as unknown as Logger;
    const ends = new TargetEnds(link, logger);
    await ends.holdUnanswered([partition(2)], 0);
    await ends.holdUnanswered([partition(2)], UNANSWERED_WARN_MS - 1);
    expect(warnings).toEqual([]);
    await ends.holdUnanswered([partition(2)], UNANSWERED_WARN_MS);
    await ends.holdUnanswered([partition(2)], 2 * UNANSWERED_WARN_MS);
    expect(warnings).toEqual([{ partitions: [{ partition: 't:2', reason: 'NOT_LEADER_OR_FOLLOWER' }], count: 1 }]);
    ready();
    const p2 = partition(2);
    expect(await ends.holdUnanswered([p2], 3 * UNANSWERED_WARN_MS)).toEqual(new Map([['t:0', 5], ['t:1', 0], ['t:2', 0]]));
    expect(p2.waitingForTarget).toBeUndefined();
  });

  it('holds every partition asked when the target cannot be asked at all', async () => {
    const link = { offsetsEach: async () => { throw new Error('connect ECONNREFUSED'); } } as unknown as ClusterLink;
    const p0 = partition(0);
    expect(await new TargetEnds(link, silentLogger).holdUnanswered([p0])).toEqual(new Map());
    expect(p0.waitingForTarget).toBe(true);
  });
});
