/**
 * The seed's width (issue #20): a migration's hundreds of small topics, not one wide one. Which topic
 * is what, and the records each one gets. Pure; bench/width/width-preload.ts writes them.
 */
import { CODECS, type Codec } from '../bench-options.ts';
import type { TopicLayout } from '../cluster-admin.ts';
import { scaleLayout } from '../metadata-scale.ts';

/**
 * - plain: an ordinary topic, written by an idempotent producer;
 * - compacted: few keys, compacted before the copy, so its offsets have gaps;
 * - transactional: written in transactions, every third one aborted.
 */
export type WidthKind = 'plain' | 'compacted' | 'transactional';

export interface WidthTopic extends TopicLayout {
  kind: WidthKind;
  codec: Codec;
  /** Records per producer send: one batch per partition per send, so small sends make small batches. */
  perSend: number;
}

export interface WidthShape {
  topics: number;
  partitions: number;
  /** Record values are 100..500 B, 300 B on average. */
  sizeMb: number;
}

export const WIDTH_MIN_VALUE = 100;
export const WIDTH_MAX_VALUE = 500;
const MEAN_VALUE = (WIDTH_MIN_VALUE + WIDTH_MAX_VALUE) / 2;

/** One topic in ten compacted, one in ten transactional; codecs in turn; one topic in three written in small batches, as a trickle writes. */
export function widthLayout(shape: WidthShape): WidthTopic[] {
  return scaleLayout(shape.topics, shape.partitions).map((t, i) => ({
    name: t.name.replace(/^scale-/, 'width-'),
    partitions: t.partitions,
    kind: i % 10 === 0 ? 'compacted' : i % 10 === 5 ? 'transactional' : 'plain',
    // Shifted every ten topics, so the compacted and the transactional ones get every codec too.
    codec: CODECS[(i + Math.floor(i / 10)) % CODECS.length]!,
    perSend: i % 3 === 0 ? 20 : 500,
  }));
}

/** Records to write to each topic: the size spread over the topics by their partitions. */
export function recordsPerTopic(shape: WidthShape, topic: TopicLayout): number {
  return Math.max(topic.partitions, Math.round(((shape.sizeMb * 1e6) / MEAN_VALUE) * (topic.partitions / shape.partitions)));
}

/** Keys per partition of a compacted topic. */
export const COMPACTED_KEYS = 50;

export interface WidthRecord {
  partition: number;
  key: string;
  value: Buffer;
}

/**
 * The `index`-th record of a topic: round-robin over partitions, a value of 100..500 B cut from
 * `payload` (random capitals). Compacted topics reuse COMPACTED_KEYS keys per partition, so most records are
 * superseded and the cleaner leaves gaps.
 */
export function widthRecord(topic: WidthTopic, index: number, payload: Buffer): WidthRecord {
  const partition = index % topic.partitions;
  // A multiplicative hash spreads the sizes and start points without a random generator: the set is the same on every run.
  const h = Math.imul(index + 1, 2654435761) >>> 0;
  const size = WIDTH_MIN_VALUE + (h % (WIDTH_MAX_VALUE - WIDTH_MIN_VALUE + 1));
  const start = (h >>> 7) % (payload.length - size);
  const key = topic.kind === 'compacted' ? `k${partition}-${Math.floor(index / topic.partitions) % COMPACTED_KEYS}` : `k${index}`;
  return { partition, key, value: payload.subarray(start, start + size) };
}
