import { outOfRange } from '../../../src/replication/source/out-of-range.ts';

describe('a position the source answered OFFSET_OUT_OF_RANGE for', () => {
  it('below the log start: the records in between were deleted; they are counted and the partition moves to the start', () => {
    expect(outOfRange(40, 100, 250)).toEqual({ kind: 'deleted', lost: 60, next: 100 });
  });

  it('past the log end: the source went back, and the message says the job stops rather than reuse target offsets', () => {
    const found = outOfRange(300, 0, 120);
    expect(found.kind).toBe('wentBack');
    expect(found.kind === 'wentBack' && found.message).toMatch(/ends at offset 120, before the job's position 300: .*reuse target offsets/);
  });

  it('within the log (a leader change answered in between) or with no listing: nothing to do, the next fetch reads it', () => {
    expect(outOfRange(100, 100, 250)).toEqual({ kind: 'inRange' });
    expect(outOfRange(250, 100, 250)).toEqual({ kind: 'inRange' });
    expect(outOfRange(40, undefined, undefined)).toEqual({ kind: 'inRange' });
  });

  it('a log emptied by retention (start = end) past the position counts as deleted, not as a source that went back', () => {
    expect(outOfRange(10, 500, 500)).toEqual({ kind: 'deleted', lost: 490, next: 500 });
  });
});
