import { describe, expect, it } from '@jest/globals';
import { CODECS } from '../../../bench/bench-options.ts';
import { recordsPerTopic, WIDTH_MAX_VALUE, WIDTH_MIN_VALUE, widthLayout, widthRecord } from '../../../bench/width/width-layout.ts';

const shape = { topics: 360, partitions: 2_000, sizeMb: 1_000 };

describe('the seed\'s-width data set', () => {
  const layout = widthLayout(shape);

  it('spreads 2,000 partitions over 360 topics, one in ten compacted and one in ten transactional', () => {
    expect(layout).toHaveLength(360);
    expect(layout.reduce((n, t) => n + t.partitions, 0)).toBe(2_000);
    expect(layout.filter((t) => t.kind === 'compacted')).toHaveLength(36);
    expect(layout.filter((t) => t.kind === 'transactional')).toHaveLength(36);
  });

  it('gives every kind of topic every codec, in small and in large batches', () => {
    for (const kind of ['plain', 'compacted', 'transactional'] as const) {
      const ofKind = layout.filter((t) => t.kind === kind);
      expect(new Set(ofKind.map((t) => t.codec))).toEqual(new Set(CODECS));
      expect(new Set(ofKind.map((t) => t.perSend))).toEqual(new Set([20, 500]));
    }
  });

  it('writes about the asked size in values of 100..500 B, the same on every run', () => {
    const payload = Buffer.alloc(65_536, 'A');
    const topic = layout[1]!;
    const records = Array.from({ length: recordsPerTopic(shape, topic) }, (_, i) => widthRecord(topic, i, payload));
    const sizes = records.map((r) => r.value.length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(WIDTH_MIN_VALUE);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(WIDTH_MAX_VALUE);
    const total = layout.reduce((n, t) => n + recordsPerTopic(shape, t), 0) * (sizes.reduce((a, b) => a + b, 0) / sizes.length);
    expect(total / 1e6).toBeGreaterThan(950);
    expect(total / 1e6).toBeLessThan(1_050);
    expect(widthRecord(topic, 7, payload)).toEqual(records[7]);
  });

  it('keys a compacted topic\'s records with 50 keys per partition, so most are superseded', () => {
    const topic = layout.find((t) => t.kind === 'compacted')!;
    const payload = Buffer.alloc(65_536, 'A');
    const keys = new Set(Array.from({ length: 10_000 }, (_, i) => widthRecord(topic, i, payload)).filter((r) => r.partition === 0).map((r) => r.key));
    expect(keys.size).toBe(50);
  });
});
