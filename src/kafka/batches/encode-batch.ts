import { frameBatch } from './batch-frame.ts';
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
  return frameBatch({ body, count: records.length, baseTimestamp: first, maxTimestamp: max }, codec);
}
