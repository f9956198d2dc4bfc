import fc from 'fast-check';
import { PartitionOffsetMap } from '../../../src/replication/offset-map/partition-offset-map.ts';
import { runsOfRecords } from '../../../src/replication/offset-map/offset-runs.ts';
import { decodeRuns, encodeRuns, type PackedRuns } from '../../../src/replication/offset-map/run-codec.ts';
import { agedOut, describeRuns, joinRuns, mergeCandidates, prunable, type SegmentRef } from '../../../src/replication/offset-map/sealed-segments.ts';
import { decodeDirectoryEntry, encodeDirectoryEntry } from '../../../src/replication/offset-map/directory-records.ts';

/** Ascending runs with gaps, offsets anywhere up to 2^53 (a varint must not lose bits past 2^32). */
const runsArb = fc
  .record({ base: fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.constant(2 ** 40), fc.constant(2 ** 52)), steps: fc.array(fc.tuple(fc.nat(300), fc.nat(3), fc.integer({ min: 1, max: 500 })), { maxLength: 60 }) })
  .map(({ base, steps }) => {
    const runs: number[] = [];
    let source = base;
    let target = Math.floor(base / 2);
    for (const [sourceGap, targetGap, count] of steps) {
      runs.push(source + sourceGap, target + targetGap, count);
      source += sourceGap + count;
      target += targetGap + count;
    }
    return Float64Array.from(runs);
  });

/**
 * The segment store as the offset index is to worker 0: segments by offset. Sealing and merging as
 * offset-indexer.ts does, in memory, so translating through segments can be compared with a flat map.
 */
class MemoryIndex {
  readonly records = new Map<number, Buffer>();
  #next = 0;
  write(runs: PackedRuns): number {
    this.records.set(this.#next, encodeRuns(runs));
    return this.#next++;
  }
  runs = (s: SegmentRef): PackedRuns | undefined => {
    const value = this.records.get(s.at);
    return value ? decodeRuns(value) : undefined;
  };
  seal(map: PartitionOffsetMap, fanIn: number, now = 0): void {
    const hot = map.hotRuns();
    map.sealed(hot.length > 0 ? { ...describeRuns(0, hot, now), at: this.write(hot) } : undefined);
    for (let next = mergeCandidates(map.segments, fanIn); next; next = mergeCandidates(map.segments, fanIn)) {
      const parts = map.segments.slice(next.from, next.from + next.count);
      const joined = joinRuns(parts.map((s) => this.runs(s)!));
      map.merged(next.from, next.count, { ...describeRuns(parts[0]!.level + 1, joined, Math.max(...parts.map((s) => s.sealedAt))), at: this.write(joined) });
    }
  }
}

describe('the offset index (decision 0003)', () => {
  it('encodes runs as varint gaps and decodes them exactly, past 2^32 (property)', () => {
    fc.assert(fc.property(runsArb, (runs) => expect(decodeRuns(encodeRuns(runs))).toEqual(runs)));
  });

  it('spends ~3 B a run at a trickle in ExactlyOnce: one record, then a commit marker', () => {
    const runs = Float64Array.from(Array.from({ length: 1_000 }, (_, i) => [5_000_000 + i, 9_000_000 + 2 * i, 1]).flat());
    expect(encodeRuns(runs).length).toBeLessThanOrEqual(3 * 1_000 + 12);
  });

  it('refuses runs that go back rather than store a map that translates wrongly', () => {
    expect(() => encodeRuns(Float64Array.from([10, 10, 5, 12, 20, 1]))).toThrow(/out of order at run 1/);
  });

  it('merges the oldest fan-in segments of the lowest full level, and prunes only segments wholly below the log start', () => {
    const seg = (level: number, firstSource: number): SegmentRef => ({ level, firstSource, firstTarget: firstSource, endSource: firstSource + 10, endTarget: firstSource + 10, runs: 1, sealedAt: firstSource, at: 0 });
    const segments = [seg(2, 0), seg(1, 10), seg(1, 20), seg(1, 30), seg(0, 40), seg(0, 50)];
    expect(mergeCandidates(segments, 4)).toBeUndefined();
    expect(mergeCandidates(segments, 3)).toEqual({ from: 1, count: 3 });
    expect(mergeCandidates(segments, 2)).toEqual({ from: 4, count: 2 });
    expect(prunable(segments, 19)).toBe(1); // the second ends at 20: offset 19 is still on the source
    expect(prunable(segments, 20)).toBe(2);
    expect(agedOut(segments, 10)).toBe(1); // sealed at 0: older than a horizon that starts at 10
    expect(agedOut(segments, 51)).toBe(6);
  });

  it('keeps a directory entry exactly through its encoding', () => {
    const entry = { start: 3, end: 2 ** 45, targetNext: 77, agedOutBelow: 0, segments: [{ level: 1, firstSource: 3, firstTarget: 0, endSource: 90, endTarget: 120, runs: 40, sealedAt: 1_796_000_000_000, at: 12 }] };
    expect(decodeDirectoryEntry(encodeDirectoryEntry(entry))).toEqual(entry);
    expect(decodeDirectoryEntry(encodeDirectoryEntry({ ...entry, agedOutBelow: 3 })).agedOutBelow).toBe(3);
    expect(decodeDirectoryEntry(encodeDirectoryEntry({ ...entry, targetNext: undefined })).targetNext).toBeUndefined();
  });

  it('translates through sealed and merged segments, and after a restart from the directory, exactly as the flat map (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          // Per transaction: positions read, and which of them were copied (the rest aborted, compacted, control).
          commits: fc.array(fc.array(fc.boolean(), { minLength: 0, maxLength: 6 }), { minLength: 1, maxLength: 120 }),
          sealEvery: fc.integer({ min: 1, max: 7 }),
          fanIn: fc.integer({ min: 2, max: 4 }),
          start: fc.nat(50),
          markers: fc.boolean(),
        }),
        ({ commits, sealEvery, fanIn, start, markers }) => {
          const flat = new PartitionOffsetMap();
          const indexed = new PartitionOffsetMap();
          const index = new MemoryIndex();
          let position = start;
          let targetEnd = 0;
          commits.forEach((copied, i) => {
            const offsets = copied.flatMap((kept, k) => (kept ? [position + k] : []));
            const runs = runsOfRecords(offsets, targetEnd);
            targetEnd += offsets.length + (markers && offsets.length > 0 ? 1 : 0);
            for (const map of [flat, indexed]) map.add(position, position + copied.length, runs, targetEnd);
            position += copied.length;
            if (i % sealEvery === sealEvery - 1) index.seal(indexed, fanIn);
          });
          const restarted = new PartitionOffsetMap();
          restarted.restore(decodeDirectoryEntry(encodeDirectoryEntry(indexed.entry())));
          // The offset map's tail after sealed-through: what was not sealed yet, read again.
          for (let k = 0; k < indexed.runCount; k++) {
            const hot = indexed.hotRuns();
            restarted.add(position, position, [{ source: hot[3 * k]!, target: hot[3 * k + 1]!, count: hot[3 * k + 2]! }]);
          }
          for (let c = 0; c <= position + 1; c++) {
            const expected = flat.translate(c);
            expect({ c, t: indexed.translate(c, index.runs) }).toEqual({ c, t: expected });
            expect({ c, t: restarted.translate(c, index.runs) }).toEqual({ c, t: expected });
            // Whatever needs a segment's runs says which segment, and nothing else does.
            const needs = indexed.segmentFor(c);
            expect(indexed.translate(c).ok === false && (indexed.translate(c) as { reason: string }).reason === 'SegmentNotLoaded').toBe(needs !== undefined);
          }
          expect(indexed.segments.filter((s) => s.level === 0).length).toBeLessThan(fanIn);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('forgets only what aged out of the translation horizon, and names it; the rest translates to the same records as the flat map, also after a restart (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          commits: fc.array(fc.array(fc.boolean(), { minLength: 0, maxLength: 5 }), { minLength: 1, maxLength: 80 }),
          fanIn: fc.integer({ min: 2, max: 3 }),
          markers: fc.boolean(),
          horizon: fc.integer({ min: 1, max: 80 }),
        }),
        ({ commits, fanIn, markers, horizon }) => {
          const flat = new PartitionOffsetMap();
          const indexed = new PartitionOffsetMap();
          const index = new MemoryIndex();
          const copiedTargets = new Set<number>();
          let position = 0;
          let targetEnd = 0;
          // One commit and one seal per tick of the clock; the horizon is counted in ticks.
          commits.forEach((copied, tick) => {
            const offsets = copied.flatMap((kept, k) => (kept ? [position + k] : []));
            const runs = runsOfRecords(offsets, targetEnd);
            for (const r of runs) for (let k = 0; k < r.count; k++) copiedTargets.add(r.target + k);
            targetEnd += offsets.length + (markers && offsets.length > 0 ? 1 : 0);
            for (const map of [flat, indexed]) map.add(position, position + copied.length, runs, targetEnd);
            position += copied.length;
            index.seal(indexed, fanIn, tick);
          });
          const aged = agedOut(indexed.segments, commits.length - horizon);
          const last = indexed.segments[aged - 1];
          if (aged > 0) indexed.agedOut(aged);
          const restarted = new PartitionOffsetMap();
          restarted.restore(decodeDirectoryEntry(encodeDirectoryEntry(indexed.entry())));
          for (let c = 0; c <= position; c++) {
            for (const map of [indexed, restarted]) {
              const t = map.translate(c, index.runs);
              if (last && c < last.endSource) {
                expect({ c, t }).toEqual({ c, t: { ok: false, reason: 'BeforeTranslationHorizon' } });
                continue;
              }
              // Past what aged out a group may resume at a later target offset than the flat map's, but
              // never past a copied record: only markers or aborted records lie between the two.
              const expected = flat.translate(c);
              expect(t.ok).toBe(expected.ok);
              if (!t.ok || !expected.ok) continue;
              const skipped = [...copiedTargets].filter((o) => o >= expected.target && o < t.target);
              expect({ c, tooEarly: t.target < expected.target, skipped }).toEqual({ c, tooEarly: false, skipped: [] });
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
