import { configHash, nextRevision, revisionInForce } from '../../../operator/worker-revision.ts';

const keys = { hash: 'h', revision: 'r' };

describe('worker revision', () => {
  it('keeps the revision while the config is unchanged', () => {
    expect(nextRevision({ hash: 'x', revision: 42 }, 'x', 1_000_000)).toBe(42);
  });

  it('takes the clock for a new config', () => {
    expect(nextRevision({ hash: 'x', revision: 42 }, 'y', 1_000_000)).toBe(1_000_000);
    expect(nextRevision(undefined, 'y', 1_000_000)).toBe(1_000_000);
  });

  it('grows even when the clock went back', () => {
    expect(nextRevision({ hash: 'x', revision: 2_000_000 }, 'y', 1_000_000)).toBe(2_000_001);
  });

  it('grows over a sequence of changes under a frozen clock', () => {
    let inForce = { hash: 'h0', revision: 5 };
    for (let i = 1; i <= 3; i++) {
      const revision = nextRevision(inForce, `h${i}`, 5);
      expect(revision).toBeGreaterThan(inForce.revision);
      inForce = { hash: `h${i}`, revision };
    }
  });

  it('reads the annotations, ignoring a revision that is not a positive integer', () => {
    expect(revisionInForce({ h: 'x', r: '17' }, keys)).toEqual({ hash: 'x', revision: 17 });
    expect(revisionInForce({ h: 'x', r: 'soon' }, keys)).toEqual({ hash: 'x' });
    expect(revisionInForce(undefined, keys)).toBeUndefined();
  });

  it('changes the hash with the job file or any Secret version, not with Secret order', () => {
    const a = { name: 'a', uid: 'u1', resourceVersion: '1' };
    const b = { name: 'b', uid: 'u2', resourceVersion: '7' };
    expect(configHash('job', [a, b])).toBe(configHash('job', [b, a]));
    expect(configHash('job', [a, b])).not.toBe(configHash('job2', [a, b]));
    expect(configHash('job', [a, b])).not.toBe(configHash('job', [a, { ...b, resourceVersion: '8' }]));
  });
});
