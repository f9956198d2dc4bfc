import { randomBytes } from 'node:crypto';
import { decodeRecords, encodeBatch, splitBatches, type FetchedPartition, type MirrorRecord } from '../../../src/kafka/index.ts';
import { preparePartition, type PreparedBatch } from '../../../src/replication/source/prepare-partition.ts';

const record = (offset: number, value: Buffer = Buffer.from(`v${offset}`)): MirrorRecord => ({ offset: BigInt(offset), timestamp: 1_700_000_000_000n + BigInt(offset), key: Buffer.from(`k${offset}`), value, headers: [[Buffer.from('h'), Buffer.from(String(offset))]] });

/** A batch as a source broker stores it: its records at `offsets` (consecutive), base offset set. */
function batchAt(offsets: number[], codec = 0, value?: Buffer): Buffer {
  const bytes = encodeBatch(offsets.map((o) => record(o, value)), codec);
  bytes.writeBigInt64BE(BigInt(offsets[0]!), 0);
  return bytes;
}

/** Bytes zstd cannot shrink, so a batch of them stays large compressed. */
const randomish = (n: number): Buffer => randomBytes(n);

const fetched = (batches: Buffer[]): FetchedPartition => ({ topic: 't', partition: 0, errorCode: 0, highWatermark: 100, lastStableOffset: 100, logStartOffset: 0, abortedTransactions: [], records: Buffer.concat(batches) });

/** The source offset of each record a prepared batch holds, and the record as a consumer of the target would read it. */
function copied(batches: PreparedBatch[]): MirrorRecord[] {
  return batches.flatMap((b) => {
    const decoded = decodeRecords(splitBatches(Buffer.from(b.bytes))[0]!);
    expect(decoded).toHaveLength(b.recordCount);
    return decoded.map((r, i) => ({ ...r, offset: BigInt(b.offsets ? b.offsets[i]! : b.firstOffset + i) }));
  });
}

function prepare(batches: Buffer[], position: number, join = true) {
  const f = fetched(batches);
  return preparePartition(f, splitBatches(f.records), position, () => false, join);
}

describe('preparePartition', () => {
  it('joins a run of small batches of one codec into one, keeping every record and its source offset', () => {
    const big = Buffer.alloc(20 * 1024, 1);
    const source = [batchAt([0]), batchAt([1]), batchAt([2, 3]), batchAt([4], 0, big), batchAt([5]), batchAt([6]), batchAt([7], 1), batchAt([8], 1), batchAt([10])];
    const { batches, nextPosition } = prepare(source, 0);
    expect(batches.map((b) => [b.firstOffset, b.recordCount, b.forwarded, b.joined ?? false])).toEqual([
      [0, 4, false, true], // 0..3
      [4, 1, true, false], // too big to join: forwarded as it is
      [5, 2, false, true],
      [7, 2, false, true], // another codec starts another run
      [10, 1, true, false], // alone
    ]);
    expect(batches[3]!.offsets).toBeUndefined();
    expect(nextPosition).toBe(11);
    expect(copied(batches)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 10].map((o) => record(o, o === 4 ? big : undefined)));
  });

  it('names each record\'s source offset when the joined batches are not contiguous (a transaction marker between them)', () => {
    const { batches } = prepare([batchAt([0]), batchAt([2]), batchAt([3, 4])], 0);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.offsets).toEqual([0, 2, 3, 4]);
    expect(copied(batches)).toEqual([0, 2, 3, 4].map((o) => record(o)));
  });

  it('joins compressed batches only while they are tiny: a full compressed batch is not decompressed to be joined', () => {
    const bulky = Buffer.from('x'.repeat(300));
    const { batches } = prepare([batchAt([0], 4), batchAt([1], 4), batchAt([2, 3, 4, 5, 6, 7, 8, 9], 4, randomish(2_000)), batchAt([10], 4, bulky), batchAt([11], 4)], 0);
    expect(batches.map((b) => [b.firstOffset, b.recordCount, b.joined ?? false])).toEqual([[0, 2, true], [2, 8, false], [10, 2, true]]);
  });

  it('forwards every batch as it is when joining is off (the target refused a joined batch)', () => {
    const { batches } = prepare([batchAt([0]), batchAt([1]), batchAt([2])], 0, false);
    expect(batches.map((b) => [b.firstOffset, b.forwarded])).toEqual([[0, true], [1, true], [2, true]]);
  });

  it('starts at the position: a batch that begins before it is re-encoded from the position on, the rest joined', () => {
    const { batches } = prepare([batchAt([0, 1, 2]), batchAt([3]), batchAt([4])], 1);
    expect(batches.map((b) => [b.firstOffset, b.recordCount, b.joined ?? false])).toEqual([[1, 2, false], [3, 2, true]]);
    expect(copied(batches)).toEqual([1, 2, 3, 4].map((o) => record(o)));
  });
});
