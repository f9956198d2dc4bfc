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
  const byTopic = new Map<string, T[]>();
  for (const e of entries) {
    const list = byTopic.get(e.topic);
    if (list) list.push(e);
    else byTopic.set(e.topic, [e]);
  }
  return w.appendArray(
    [...byTopic],
    (w, [topic, parts]) => {
      w.appendString(topic, false).appendArray(parts, (w, p) => writePartition(w, p), false, false);
    },
    false,
    false,
  );
}
