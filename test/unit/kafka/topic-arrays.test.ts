import fc from 'fast-check';
import { Writer } from '@platformatic/kafka';
import { appendTopicPartitions, encodeTopicPartitions, writeInt64 } from '../../../src/kafka/wire/topic-arrays.ts';

const entriesArb = fc.array(
  fc.record({ topic: fc.constantFrom('orders', 'payments.eu', 'ünïcode-topic', 'a'), partition: fc.nat(10_000), offset: fc.oneof(fc.constant(-1), fc.nat(), fc.maxSafeNat()) }),
  { maxLength: 40 },
);

describe('the [topic [partition]] encodings', () => {
  it('writes fixed-size entries into one buffer byte for byte as the library\'s Writer does (property)', () => {
    fc.assert(
      fc.property(entriesArb, (entries) => {
        const viaWriter = appendTopicPartitions(Writer.create(), entries, (w, e) => w.appendInt32(e.partition).appendInt64(BigInt(e.offset))).buffer;
        const direct = encodeTopicPartitions(entries, 12, (b, at, e) => {
          b.writeInt32BE(e.partition, at);
          writeInt64(b, e.offset, at + 4);
        });
        expect(direct.equals(viaWriter)).toBe(true);
      }),
    );
  });

  it('writes offsets as int64 exactly up to 2^53, and -1', () => {
    for (const value of [-1, 0, 1, 0xffff_ffff, 0x1_0000_0000, Number.MAX_SAFE_INTEGER]) {
      const buf = Buffer.alloc(8);
      writeInt64(buf, value, 0);
      expect(buf.readBigInt64BE(0)).toBe(BigInt(value));
    }
  });
});
