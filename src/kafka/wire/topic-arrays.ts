import type { Reader, Writer } from '@platformatic/kafka';

/**
 * The `[topic [partition]]` nesting that Fetch and Produce share (non-flexible versions): arrays of
 * topics, each with an array of per-partition entries.
 */
export function readTopicPartitions<T>(r: Reader, readPartition: (r: Reader, topic: string) => T): T[] {
  const out: T[] = [];
  r.readArray(
    (r) => {
      const topic = r.readString(false);
      r.readArray((r) => out.push(readPartition(r, topic)), false, false);
    },
    false,
    false,
  );
  return out;
}

export function appendTopicPartitions<T extends { topic: string }>(w: Writer, entries: T[], writePartition: (w: Writer, entry: T) => void): Writer {
  return w.appendArray(
    [...Map.groupBy(entries, (e) => e.topic)],
    (w, [topic, parts]) => {
      w.appendString(topic, false).appendArray(parts, (w, p) => writePartition(w, p), false, false);
    },
    false,
    false,
  );
}

/**
 * The same nesting for entries of a fixed size, written into one buffer: the Writer allocates an
 * object per field, which for the fetch requests of thousands of partitions, several a second, was a
 * good part of what the worker allocated. `writeEntry` writes `entryBytes` at `at`.
 */
export function encodeTopicPartitions<T extends { topic: string }>(entries: readonly T[], entryBytes: number, writeEntry: (buf: Buffer, at: number, entry: T) => void): Buffer {
  const grouped = Map.groupBy(entries, (e) => e.topic);
  let size = 4;
  for (const [topic, parts] of grouped) size += 2 + Buffer.byteLength(topic) + 4 + parts.length * entryBytes;
  const buf = Buffer.allocUnsafe(size);
  let at = buf.writeInt32BE(grouped.size, 0);
  for (const [topic, parts] of grouped) {
    at = buf.writeInt16BE(Buffer.byteLength(topic), at);
    at += buf.write(topic, at, 'utf8');
    at = buf.writeInt32BE(parts.length, at);
    for (const p of parts) {
      writeEntry(buf, at, p);
      at += entryBytes;
    }
  }
  return buf;
}

/** A non-negative offset (or -1) as Kafka's int64, without a BigInt per value. */
export function writeInt64(buf: Buffer, value: number, at: number): void {
  buf.writeInt32BE(Math.floor(value / 0x1_0000_0000), at);
  buf.writeUInt32BE(value >>> 0, at + 4);
}
