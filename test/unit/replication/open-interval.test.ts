import { describe, expect, it } from '@jest/globals';
import { EARLY_COMMIT_RECORDS, OpenInterval } from '../../../src/replication/open-interval.ts';
import type { PartitionState } from '../../../src/replication/partition-state.ts';
import type { PreparedBatch } from '../../../src/replication/source/prepare-partition.ts';

const INTERVAL_MS = 5_000;
const BYTE_CAP = 1_000_000;

const partition = (p: number): PartitionState => ({ source: { topic: 't', partition: p }, target: { topic: 't', partition: p }, position: 0, endOffset: 0, copied: 0 });

const batch = (firstOffset: number, recordCount: number, size = 10 * recordCount): PreparedBatch => ({ bytes: Buffer.alloc(size), recordCount, firstOffset, forwarded: true, maxTimestamp: 0 });

/** Adds `records` records of partition `state` to the interval, from its open position. */
function copy(open: OpenInterval, state: PartitionState, records: number, now = 0): void {
  const from = open.position(state);
  open.add(state, from + records, [batch(from, records)], [{ source: from, target: from, count: records }], 0, now);
}

describe('OpenInterval.due', () => {
  const caughtUp = () => true;
  const behind = () => false;

  it('is never due while empty, even caught up and past the interval', () => {
    expect(new OpenInterval().due(INTERVAL_MS * 10, INTERVAL_MS, BYTE_CAP, caughtUp)).toBe(false);
  });

  it('holds a trickle (fewer records per partition than the early-commit bar) for the whole interval, caught up or not', () => {
    const open = new OpenInterval();
    const [a, b] = [partition(0), partition(1)];
    copy(open, a, EARLY_COMMIT_RECORDS);
    copy(open, b, EARLY_COMMIT_RECORDS - 1);
    // 2 partitions need 2 x EARLY_COMMIT_RECORDS; one record short.
    expect(open.due(INTERVAL_MS - 1, INTERVAL_MS, BYTE_CAP, caughtUp)).toBe(false);
    expect(open.due(INTERVAL_MS, INTERVAL_MS, BYTE_CAP, behind)).toBe(true);
  });

  it('commits early once caught up with enough records per partition, and not while behind', () => {
    const open = new OpenInterval();
    const [a, b] = [partition(0), partition(1)];
    copy(open, a, EARLY_COMMIT_RECORDS * 2);
    copy(open, b, 1);
    expect(open.due(1, INTERVAL_MS, BYTE_CAP, behind)).toBe(false);
    expect(open.due(1, INTERVAL_MS, BYTE_CAP, caughtUp)).toBe(true);
  });

  it('asks whether the worker caught up only when the interval holds enough records for it to matter', () => {
    const open = new OpenInterval();
    copy(open, partition(0), 1);
    let asked = 0;
    open.due(1, INTERVAL_MS, BYTE_CAP, () => ++asked > 0);
    expect(asked).toBe(0);
  });

  it('starts counting afresh after a commit or a failure', () => {
    const open = new OpenInterval();
    const a = partition(0);
    copy(open, a, EARLY_COMMIT_RECORDS);
    open.close();
    copy(open, a, 1);
    expect(open.due(1, INTERVAL_MS, BYTE_CAP, caughtUp)).toBe(false);
    copy(open, a, EARLY_COMMIT_RECORDS);
    open.drop();
    copy(open, a, 1);
    expect(open.due(1, INTERVAL_MS, BYTE_CAP, caughtUp)).toBe(false);
  });

  it('is due at the byte cap while behind', () => {
    const open = new OpenInterval();
    copy(open, partition(0), 1, 0);
    open.add(partition(1), 1, [batch(0, 1, BYTE_CAP)], [{ source: 0, target: 0, count: 1 }], 0, 0);
    expect(open.due(1, INTERVAL_MS, BYTE_CAP, behind)).toBe(true);
  });
});
