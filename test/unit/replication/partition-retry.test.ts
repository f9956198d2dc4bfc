import { PERMISSION_MISSING, retryDue } from '../../../src/replication/partition-state.ts';

describe('retryDue: when a stopped partition is tried again', () => {
  const denied = { offset: 7, error: 'TOPIC_AUTHORIZATION_FAILED', message: PERMISSION_MISSING.read, retryAt: 1_000 };

  it('a missing permission is tried again from its time on', () => {
    expect(retryDue(denied, 999)).toBe(false);
    expect(retryDue(denied, 1_000)).toBe(true);
  });

  it('a refused record never is (the target must change first), nor a partition not stopped', () => {
    expect(retryDue({ offset: 7, error: 'MESSAGE_TOO_LARGE', message: 'too large' }, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(retryDue(undefined, 0)).toBe(false);
  });
});
