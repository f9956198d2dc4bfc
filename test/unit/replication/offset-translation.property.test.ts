import fc from 'fast-check';
import { PartitionOffsetMap } from '../../../src/replication/offset-map/partition-offset-map.ts';
import { runsOfRecords, targetNextAfter } from '../../../src/replication/offset-map/offset-runs.ts';
import { decodeOffsetMapRecord, encodeOffsetMapRecord } from '../../../src/replication/checkpoints/progress-records.ts';

/**
 * A job copying one source partition, round by round, as replicator.ts does: each round reads up to
 * `roundSize` positions, copies the visible records (the rest are aborted, control or compacted away),
 * and makes a range durable, which the offset map reads back through the offset-map topic's encoding.
 * A round may fail after writing its copies (an aborted transaction, or AtLeastOnce's duplicates): the
 * target moves on, nothing is recorded, and the round is done again. A partition whose targetNext is
 * unknown records one range even when it moved nowhere, with the target end listed then.
 */
interface Job {
  map: PartitionOffsetMap;
  /** Source offset -> target offset of its durable copy. */
  copies: Map<number, number>;
  position: number;
  targetEnd: number;
  targetNext: number | undefined;
}

function round(job: Job, log: readonly boolean[], roundSize: number, exactlyOnce: boolean, fails: boolean): void {
  const next = Math.min(job.position + roundSize, log.length);
  if (next === job.position && job.targetNext !== undefined) return;
  const kept: number[] = [];
  for (let o = job.position; o < next; o++) if (log[o]) kept.push(o);
  const runs = runsOfRecords(kept, job.targetEnd);
  const listed = job.targetEnd;
  job.targetEnd += kept.length + (exactlyOnce && kept.length > 0 ? 1 : 0); // the commit or abort marker
  if (fails) return;
  const targetNext = targetNextAfter(job.targetNext ?? listed, runs);
  const range = { topic: 't', partition: 0, start: job.position, end: next, runs, copied: 0, targetNext };
  for (const r of decodeOffsetMapRecord(encodeOffsetMapRecord([range]))) job.map.add(r.start, r.end, r.runs, r.targetNext);
  kept.forEach((o, i) => job.copies.set(o, listed + i));
  job.position = next;
  job.targetNext = targetNext;
}

describe('offset translation with nothing copied below the committed offset', () => {
  it('keeps targetNext in the offset-map and checkpoint records: written for a range that copied nothing, implied by the last run otherwise', () => {
    const range = { topic: 't', partition: 0, start: 5, end: 9, copied: 0 };
    const empty = encodeOffsetMapRecord([{ ...range, runs: [], targetNext: 7 }]);
    expect(JSON.parse(empty.toString())).toEqual([expect.objectContaining({ n: 7 })]);
    expect(decodeOffsetMapRecord(empty)[0]!.targetNext).toBe(7);
    const copied = encodeOffsetMapRecord([{ ...range, runs: [{ source: 6, target: 20, count: 2 }], targetNext: 22 }]);
    expect(JSON.parse(copied.toString())[0]).not.toHaveProperty('n');
    expect(decodeOffsetMapRecord(copied)[0]!.targetNext).toBe(22);
    // A range written before the field existed that copied nothing: unknown, so the worker lists the target again.
    expect(decodeOffsetMapRecord(Buffer.from(JSON.stringify([{ t: 't', p: 0, s: 5, e: 9, r: [], c: 0 }])))[0]!.targetNext).toBeUndefined();
  });


  it('never skips a record copied later nor delivers again one copied before, and translates every position the job has read (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          log: fc.array(fc.boolean(), { maxLength: 60 }),
          later: fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }),
          startShare: fc.double({ min: 0, max: 1, noNaN: true }), // 0: from Earliest; 1: from Latest
          roundSize: fc.integer({ min: 1, max: 10 }),
          exactlyOnce: fc.boolean(),
          targetBase: fc.integer({ min: 0, max: 5 }), // records already on the target partition
          failures: fc.array(fc.boolean(), { maxLength: 30 }),
          syncAfterShare: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        ({ log, later, startShare, roundSize, exactlyOnce, targetBase, failures, syncAfterShare }) => {
          const start = Math.round(startShare * log.length);
          const job: Job = { map: new PartitionOffsetMap(), copies: new Map(), position: start, targetEnd: targetBase, targetNext: undefined };
          const fails = (i: number): boolean => failures[i] ?? false;
          let rounds = 0;
          const syncAt = Math.max(1, Math.round(syncAfterShare * (failures.length + Math.ceil((log.length - start) / roundSize) + 1)));
          while (rounds < syncAt && (job.position < log.length || job.targetNext === undefined)) round(job, log, roundSize, exactlyOnce, fails(rounds++));
          // The sync translates every committed offset a group may hold now...
          const translated = Array.from({ length: log.length + 1 }, (_, c) => job.map.translate(c));
          const readTo = job.position;
          const recorded = job.targetNext !== undefined; // every round so far may have failed
          // ...then the job copies the rest, and records written after the sync.
          const all = [...log, ...later];
          while (job.position < all.length) round(job, all, roundSize, exactlyOnce, fails(rounds++));

          translated.forEach((t, c) => {
            if (!recorded || c < start) expect(t).toEqual({ ok: false, reason: 'BeforeMirroredRange' });
            else if (c > readTo) expect(t).toEqual({ ok: false, reason: 'NotYetMirrored' });
            else expect(t.ok).toBe(true);
            if (!t.ok) return;
            const copied = [...job.copies.keys()].sort((a, b) => a - b);
            const lastBelow = copied.filter((o) => o < c).at(-1);
            const firstAtOrAfter = copied.find((o) => o >= c);
            if (lastBelow !== undefined) expect(t.target).toBeGreaterThan(job.copies.get(lastBelow)!);
            if (firstAtOrAfter !== undefined) expect(t.target).toBeLessThanOrEqual(job.copies.get(firstAtOrAfter)!);
          });
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
