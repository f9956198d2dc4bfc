import { frameBatch } from './batch-frame.ts';
import { decompress } from './codecs.ts';
import { RECORDS } from './batch-layout.ts';
import { compressionOf, type RawBatch } from './raw-batch.ts';
import { readVarInt, varIntSize, writeVarInt, type Cursor } from './record-varints.ts';

/**
 * Joins forwardable batches of one partition (magic v2, one codec, in offset order) into one batch
 * whose records are numbered 0 to n - 1. Each record keeps its attributes byte, its key, value and
 * headers byte for byte and its timestamp; only its timestamp and offset deltas are written anew,
 * against the first batch's base timestamp. Producers at a trickle send a batch per record, and a
 * worker catching up would otherwise write each of them as a batch of its own: one entry per batch
 * in every produce request and in the target's log.
 */
export function joinBatches(batches: readonly RawBatch[]): Buffer {
  const codec = compressionOf(batches[0]!);
  const base = batches[0]!.baseTimestamp;
  let max = base;
  const bodies = batches.map((b) => {
    if (compressionOf(b) !== codec) throw new Error('joinBatches needs batches of one codec');
    if (b.maxTimestamp > max) max = b.maxTimestamp;
    return decompress(codec, b.bytes.subarray(RECORDS));
  });
  let size = 0;
  let count = 0;
  forEachRecord(batches, bodies, base, (r) => {
    const length = 1 + varIntSize(r.timestampDelta) + varIntSize(count) + (r.end - r.restAt);
    size += varIntSize(length) + length;
    count++;
  });
  const body = Buffer.allocUnsafe(size);
  let at = 0;
  let index = 0;
  forEachRecord(batches, bodies, base, (r, source) => {
    at = writeVarInt(body, 1 + varIntSize(r.timestampDelta) + varIntSize(index) + (r.end - r.restAt), at);
    body[at++] = r.attributes;
    at = writeVarInt(body, r.timestampDelta, at);
    at = writeVarInt(body, index++, at);
    at += source.copy(body, at, r.restAt, r.end);
  });
  return frameBatch({ body, count, baseTimestamp: base, maxTimestamp: max }, codec);
}

/** One record of a batch body, as joinBatches needs it: key, value and headers stay where they are. */
interface RecordView {
  attributes: number;
  /** The record's timestamp less the joined batch's base timestamp. */
  timestampDelta: number;
  /** Where its key starts and its body ends, in the batch body. */
  restAt: number;
  end: number;
}

function forEachRecord(batches: readonly RawBatch[], bodies: readonly Buffer[], base: bigint, visit: (r: RecordView, body: Buffer) => void): void {
  const cursor: Cursor = { at: 0 };
  const view: RecordView = { attributes: 0, timestampDelta: 0, restAt: 0, end: 0 };
  batches.forEach((batch, i) => {
    const body = bodies[i]!;
    const shift = Number(batch.baseTimestamp - base);
    cursor.at = 0;
    for (let n = 0; n < batch.recordCount; n++) {
      const length = readVarInt(body, cursor);
      view.end = cursor.at + length;
      view.attributes = body[cursor.at++]!;
      view.timestampDelta = shift + readVarInt(body, cursor);
      readVarInt(body, cursor); // the offset delta, written anew
      view.restAt = cursor.at;
      if (view.end > body.length) throw new RangeError(`a record of the batch at offset ${batch.baseOffset} runs past the batch`);
      visit(view, body);
      cursor.at = view.end;
    }
  });
}
