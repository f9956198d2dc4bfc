import { Writer, compressionsAlgorithmsByBitmask } from '@platformatic/kafka';
import { batchCrc } from './batch-crc.ts';
import { varBytesSize, varIntSize, writeVarBytes, writeVarInt } from './record-varints.ts';
import type { MirrorRecord } from './mirror-record.ts';

/**
 * Encodes records into one magic-v2 batch with consecutive offset deltas, for the records that cannot
 * be forwarded as they are (offset gaps, legacy formats, LogAppendTime). Producer fields are left for
 * restampBatch. Every record keeps its key, value, headers (order and duplicates) and timestamp; the
 * batch keeps the source's compression codec.
 */
export function encodeBatch(records: MirrorRecord[], codec: number): Buffer {
  if (records.length === 0) throw new Error('encodeBatch needs at least one record');
  const first = records[0]!.timestamp;
  let max = first;
  // Sized first, then written into one buffer: each record is its length, then its body.
  const bodies = records.map((r, i) => {
    if (r.timestamp > max) max = r.timestamp;
    const delta = Number(r.timestamp - first);
    let size = 1 + varIntSize(delta) + varIntSize(i) + varBytesSize(r.key) + varBytesSize(r.value) + varIntSize(r.headers.length);
    for (const [k, v] of r.headers) size += varBytesSize(k) + varBytesSize(v);
    return { delta, size };
  });
  const body = Buffer.allocUnsafe(bodies.reduce((n, b) => n + varIntSize(b.size) + b.size, 0));
  let at = 0;
  records.forEach((r, i) => {
    const { delta, size } = bodies[i]!;
    at = writeVarInt(body, size, at);
    body[at++] = 0; // attributes
    at = writeVarInt(body, delta, at);
    at = writeVarInt(body, i, at);
    at = writeVarBytes(body, r.key, at);
    at = writeVarBytes(body, r.value, at);
    at = writeVarInt(body, r.headers.length, at);
    for (const [k, v] of r.headers) at = writeVarBytes(body, v, writeVarBytes(body, k, at));
  });
  let payload: Buffer = body;
  if (codec !== 0) {
    const algorithm = compressionsAlgorithmsByBitmask[codec];
    if (!algorithm) throw new Error(`unsupported compression codec ${codec}`);
    payload = algorithm.compressSync(payload);
  }
  const afterCrc = Writer.create()
    .appendInt16(codec)
    .appendInt32(records.length - 1)
    .appendInt64(first)
    .appendInt64(max)
    .appendInt64(-1n)
    .appendInt16(-1)
    .appendInt32(-1)
    .appendInt32(records.length)
    .append(payload).buffer;
  const head = Buffer.alloc(17 + 4);
  head.writeBigInt64BE(0n, 0);
  head.writeInt32BE(afterCrc.length + 9, 8); // epoch(4) + magic(1) + crc(4) + the rest
  head.writeInt32BE(-1, 12);
  head.writeInt8(2, 16);
  head.writeUInt32BE(batchCrc(afterCrc), 17);
  return Buffer.concat([head, afterCrc]);
}
