import { Reader, readRecordsBatch } from '@platformatic/kafka';
import { decompress } from './codecs.ts';
import { COMPRESSION_MASK, TIMESTAMP_TYPE_LOG_APPEND } from './batch-layout.ts';
import type { MirrorRecord } from './mirror-record.ts';
import type { RawBatch } from './raw-batch.ts';

/** Decodes a batch (magic 2) or a legacy message set entry (magic 0 and 1) into records. */
export function decodeRecords(batch: RawBatch): MirrorRecord[] {
  return batch.magic >= 2 ? decodeV2(batch) : decodeLegacy(batch.bytes);
}

function decodeV2(batch: RawBatch): MirrorRecord[] {
  const decoded = readRecordsBatch(Reader.from(batch.bytes));
  const logAppend = (batch.attributes & TIMESTAMP_TYPE_LOG_APPEND) !== 0;
  return decoded.records.map((r) => ({
    offset: batch.baseOffset + BigInt(r.offsetDelta),
    // On LogAppendTime topics every record of the batch carries the broker's append time (maxTimestamp).
    timestamp: logAppend ? batch.maxTimestamp : decoded.firstTimestamp + r.timestampDelta,
    key: r.key,
    value: r.value,
    headers: r.headers.map(([k, v]) => [k ?? Buffer.alloc(0), v]),
  }));
}


interface LegacyMessage {
  offset: bigint;
  magic: number;
  attributes: number;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * Magic 0/1 messages, as Kafka clusters keep them for topics with an old message.format.version:
 * offset int64, size int32, crc int32, magic int8, attributes int8, [timestamp int64 (magic 1)],
 * key bytes, value bytes. A compressed message wraps a message set in its value; for magic 1 the
 * inner offsets are relative and the wrapper carries the absolute offset of the last inner message.
 */
function decodeLegacy(entry: Buffer): MirrorRecord[] {
  const wrapper = readLegacyMessage(entry, 0).message;
  const codec = wrapper.attributes & COMPRESSION_MASK;
  if (codec === 0) return [legacyToRecord(wrapper, wrapper.timestamp)];
  const inner = decompress(codec, wrapper.value ?? Buffer.alloc(0));
  const messages: LegacyMessage[] = [];
  for (let pos = 0; pos + 12 <= inner.length; ) {
    const { message, next } = readLegacyMessage(inner, pos);
    messages.push(message);
    pos = next;
  }
  const last = messages.at(-1);
  const logAppend = wrapper.magic === 1 && (wrapper.attributes & TIMESTAMP_TYPE_LOG_APPEND) !== 0;
  return messages.map((m) => {
    const offset = wrapper.magic === 1 && last ? wrapper.offset - last.offset + m.offset : m.offset;
    return legacyToRecord({ ...m, offset }, logAppend ? wrapper.timestamp : m.timestamp);
  });
}

function legacyToRecord(m: LegacyMessage, timestamp: bigint): MirrorRecord {
  return { offset: m.offset, timestamp, key: m.key, value: m.value, headers: [] };
}

function readLegacyMessage(buf: Buffer, start: number): { message: LegacyMessage; next: number } {
  const offset = buf.readBigInt64BE(start);
  const size = buf.readInt32BE(start + 8);
  let pos = start + 16; // after offset, size and crc
  const magic = buf.readInt8(pos);
  const attributes = buf.readInt8(pos + 1);
  pos += 2;
  let timestamp = -1n;
  if (magic === 1) {
    timestamp = buf.readBigInt64BE(pos);
    pos += 8;
  }
  const readBytes = (): Buffer | null => {
    const len = buf.readInt32BE(pos);
    pos += 4;
    if (len < 0) return null;
    const bytes = buf.subarray(pos, pos + len);
    pos += len;
    return bytes;
  };
  const key = readBytes();
  const value = readBytes();
  return { message: { offset, magic, attributes, timestamp, key, value }, next: start + 12 + size };
}
