import fc from 'fast-check';
import { PartitionOffsetMap } from '../../../src/replication/offset-map/partition-offset-map.ts';
import { runsOfRecords } from '../../../src/replication/offset-map/offset-runs.ts';

describe('PartitionOffsetMap', () => {
  it('translates a plain partition copied in two transactions (a commit marker between them)', () => {
    const map = new PartitionOffsetMap();
    map.add(0, 5, [{ source: 0, target: 0, count: 5 }]); // target 5 is the commit marker
    map.add(5, 8, [{ source: 5, target: 6, count: 3 }]);
    expect([0, 3, 5, 6, 8].map((c) => map.translate(c))).toEqual([
      { ok: true, target: 0 },
      { ok: true, target: 3 },
      { ok: true, target: 5 }, // the marker: a consumer there reads source record 5's copy (target 6) next
      { ok: true, target: 7 },
      { ok: true, target: 9 },
    ]);
    expect(map.translate(9)).toEqual({ ok: false, reason: 'NotYetMirrored' });
  });

  it('lands exactly on compacted gaps and aborted records', () => {
    const map = new PartitionOffsetMap();
    // source offsets 10, 11, 15, 16 survived compaction; 20..24 were an aborted transaction; 25 committed.
    map.add(10, 26, runsOfRecords([10, 11, 15, 16, 25], 100));
    expect(map.translate(13)).toEqual({ ok: true, target: 102 }); // next record is 15 -> 102
    expect(map.translate(21)).toEqual({ ok: true, target: 104 }); // next record is 25 -> 104
    expect(map.translate(26)).toEqual({ ok: true, target: 105 });
    expect(map.translate(9)).toEqual({ ok: false, reason: 'BeforeMirroredRange' });
  });

  it('translates offsets with nothing copied to where the next copy will land: empty, all aborted, from Latest', () => {
    const empty = new PartitionOffsetMap();
    empty.add(0, 0, [], 0); // an empty partition, its target partition empty too
    expect(empty.translate(0)).toEqual({ ok: true, target: 0 });
    const aborted = new PartitionOffsetMap();
    aborted.add(0, 11, [], 3); // 10 aborted records and their marker; the target already held 3 records
    expect([0, 5, 11].map((c) => aborted.translate(c))).toEqual([{ ok: true, target: 3 }, { ok: true, target: 3 }, { ok: true, target: 3 }]);
    expect(aborted.translate(12)).toEqual({ ok: false, reason: 'NotYetMirrored' });
    const latest = new PartitionOffsetMap();
    latest.add(100, 100, [], 0); // a job from Latest on a partition ending at 100
    expect(latest.translate(100)).toEqual({ ok: true, target: 0 });
    expect(latest.translate(99)).toEqual({ ok: false, reason: 'BeforeMirroredRange' });
    latest.add(100, 103, [{ source: 102, target: 0, count: 1 }]);
    expect(latest.translate(100)).toEqual({ ok: true, target: 0 });
    expect(latest.translate(103)).toEqual({ ok: true, target: 1 });
  });

  it('merges runs that continue each other and bounds its size', () => {
    const map = new PartitionOffsetMap(2);
    map.add(0, 10, [{ source: 0, target: 0, count: 10 }]);
    map.add(10, 20, [{ source: 10, target: 10, count: 10 }]);
    expect(map.runCount).toBe(1);
    map.add(20, 30, [{ source: 20, target: 21, count: 10 }]);
    map.add(30, 40, [{ source: 30, target: 32, count: 10 }]);
    expect(map.runCount).toBe(2);
    expect(map.translate(5)).toEqual({ ok: false, reason: 'BeforeMirroredRange' });
    expect(map.translate(35)).toEqual({ ok: true, target: 37 });
  });

  it('maps every committed position to one past the copy of the last record below it (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (kept, txnSize) => {
        // Simulate a transactional copy: `kept[i]` says whether source offset i is a visible record.
        const map = new PartitionOffsetMap();
        const copies = new Map<number, number>();
        let target = 0;
        for (let start = 0; start < kept.length; start += txnSize) {
          const end = Math.min(start + txnSize, kept.length);
          const offsets = [];
          for (let o = start; o < end; o++) if (kept[o]) offsets.push(o);
          map.add(start, end, runsOfRecords(offsets, target));
          offsets.forEach((o, i) => copies.set(o, target + i));
          target += offsets.length + 1; // + the commit marker
        }
        for (let c = 0; c <= kept.length; c++) {
          const t = map.translate(c);
          const below = [...copies.keys()].filter((o) => o < c);
          const atOrAfter = [...copies.keys()].filter((o) => o >= c);
          if (below.length === 0 && atOrAfter.length === 0) continue;
          expect(t.ok).toBe(true);
          if (!t.ok) return;
          // The first target record at or after t must be the copy of the first source record at or after c.
          const next = atOrAfter.length > 0 ? copies.get(atOrAfter[0]!)! : Infinity;
          const lastBelow = below.length > 0 ? copies.get(below.at(-1)!)! : -1;
          expect(t.target).toBeGreaterThan(lastBelow);
          expect(t.target).toBeLessThanOrEqual(next);
        }
      }),
    );
  });
});
