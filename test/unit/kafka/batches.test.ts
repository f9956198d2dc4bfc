import fc from 'fast-check';
import { Reader, crc32c, readRecordsBatch } from '@platformatic/kafka';
import { CRC, ATTRIBUTES } from '../../../src/kafka/batches/batch-layout.ts';
import { decodeRecords } from '../../../src/kafka/batches/decode-records.ts';
import { encodeBatch } from '../../../src/kafka/batches/encode-batch.ts';
import type { MirrorRecord } from '../../../src/kafka/batches/mirror-record.ts';
import { isForwardable, splitBatches } from '../../../src/kafka/batches/raw-batch.ts';
import { restampBatch } from '../../../src/kafka/batches/restamp-batch.ts';
import { joinBatches } from '../../../src/kafka/batches/join-batches.ts';

const records: MirrorRecord[] = [
  { offset: 0n, timestamp: 1_700_000_000_000n, key: Buffer.from('k1'), value: Buffer.from('v1'), headers: [[Buffer.from('h'), Buffer.from('1')], [Buffer.from('h'), Buffer.from('2')]] },
  { offset: 1n, timestamp: 1_699_999_999_000n, key: null, value: Buffer.from('no key'), headers: [] },
  { offset: 2n, timestamp: 1_700_000_001_000n, key: Buffer.from('gone'), value: null, headers: [[Buffer.from('n'), null]] },
];

describe.each([0, 1, 2, 3, 4])('a batch with compression codec %i', (codec) => {
  it('encodes, splits and decodes back to the same records', () => {
    const batch = encodeBatch(records, codec);
    const [raw] = splitBatches(Buffer.concat([batch, batch.subarray(0, 30)])); // plus a partial trailing batch
    expect(raw).toBeDefined();
    expect(raw!.recordCount).toBe(3);
    expect(raw!.lastOffset).toBe(2n);
    expect(raw!.maxTimestamp).toBe(1_700_000_001_000n);
    expect(isForwardable(raw!)).toBe(true);
    expect(decodeRecords(raw!)).toEqual(records);
  });
});

describe('restampBatch', () => {
  it('rewrites producer fields and keeps a valid CRC and the same records', () => {
    const original = encodeBatch(records, 1);
    const before = Buffer.from(original);
    const stamped = restampBatch(original, { producerId: 4242n, producerEpoch: 7, baseSequence: 99, transactional: true });
    const header = readRecordsBatch(Reader.from(stamped));
    expect([header.producerId, header.producerEpoch, header.firstSequence]).toEqual([4242n, 7, 99]);
    expect(header.attributes & 0x10).toBe(0x10);
    expect(stamped.readUInt32BE(CRC)).toBe(crc32c(stamped.subarray(ATTRIBUTES)) >>> 0);
    expect(decodeRecords(splitBatches(stamped)[0]!)).toEqual(records);
    expect(stamped).toBe(original); // in place: the bytes of a forwarded batch are not copied
    expect(stamped.subarray(61)).toEqual(before.subarray(61)); // the records are untouched
  });

  it('stamps the same bytes again as if they were fresh (a retried write)', () => {
    const once = restampBatch(encodeBatch(records, 0), { producerId: 1n, producerEpoch: 1, baseSequence: 5, transactional: true });
    const again = restampBatch(Buffer.from(once), { producerId: 9n, producerEpoch: 2, baseSequence: 0, transactional: false });
    const fresh = restampBatch(encodeBatch(records, 0), { producerId: 9n, producerEpoch: 2, baseSequence: 0, transactional: false });
    expect(again).toEqual(fresh);
  });
});

describe('encodeBatch (property)', () => {
  const bytes = fc.oneof(fc.constant(null), fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)));
  const recordsArb = fc.array(
    fc.record({
      // Deltas both ways and up to years, as a compacted topic's re-encoded records have.
      timestamp: fc.bigInt({ min: 1_500_000_000_000n, max: 1_800_000_000_000n }),
      key: bytes,
      value: bytes,
      headers: fc.array(fc.tuple(fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a)), bytes), { maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 200 },
  );

  it('keeps every record (key, value, headers in order, null and empty apart, timestamp) for every codec', () => {
    fc.assert(
      fc.property(recordsArb, fc.constantFrom(0, 1, 2, 3, 4), (drawn, codec) => {
        const records: MirrorRecord[] = drawn.map((r, i) => ({ ...r, offset: BigInt(i) }));
        const [raw] = splitBatches(encodeBatch(records, codec));
        expect(raw!.recordCount).toBe(records.length);
        expect(decodeRecords(raw!)).toEqual(records);
      }),
      { numRuns: 200 },
    );
  });
});

describe('joinBatches (property)', () => {
  const bytes = fc.oneof(fc.constant(null), fc.uint8Array({ maxLength: 100 }).map((a) => Buffer.from(a)));
  const recordArb = fc.record({
    timestamp: fc.bigInt({ min: 1_500_000_000_000n, max: 1_800_000_000_000n }),
    key: bytes,
    value: bytes,
    headers: fc.array(fc.tuple(fc.uint8Array({ maxLength: 10 }).map((a) => Buffer.from(a)), bytes), { maxLength: 3 }),
  });
  // Batches as producers send them at a trickle: a few records each, often one.
  const batchesArb = fc.array(fc.array(recordArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 30 });

  it('joins batches into the batch that holds their records encoded together, byte for byte, for every codec', () => {
    fc.assert(
      fc.property(batchesArb, fc.constantFrom(0, 1, 2, 3, 4), (groups, codec) => {
        const all: MirrorRecord[] = groups.flat().map((r, i) => ({ ...r, offset: BigInt(i) }));
        const raws = groups.map((g) => splitBatches(encodeBatch(g.map((r) => ({ ...r, offset: 0n })), codec))[0]!);
        const joined = joinBatches(raws);
        expect(joined).toEqual(encodeBatch(all, codec));
        expect(decodeRecords(splitBatches(joined)[0]!)).toEqual(all);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses batches of different codecs', () => {
    const raws = [0, 1].map((codec) => splitBatches(encodeBatch(records, codec))[0]!);
    expect(() => joinBatches(raws)).toThrow('one codec');
  });
});
