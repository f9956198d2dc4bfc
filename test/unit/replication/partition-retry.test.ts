import { PERMISSION_MISSING, PERMISSION_RETRY_MS, retryDue, type PartitionState } from '../../../src/replication/partition-state.ts';
import { permittedAgain, retryingNow } from '../../../src/replication/permission-stops.ts';
import { silentLogger } from '../../../src/runtime/logger.ts';

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

describe('permission stops: trying again, and copying again once permitted', () => {
  const partition = (stopped: PartitionState['stopped']): PartitionState => ({ source: { topic: 't', partition: 0 }, target: { topic: 't', partition: 0 }, position: 7, endOffset: 7, copied: 0, stopped });

  it('tries the due ones again and sets their next try a wait later', () => {
    const due = partition({ offset: 7, error: 'TOPIC_AUTHORIZATION_FAILED', message: PERMISSION_MISSING.read, retryAt: 1_000 });
    const later = partition({ offset: 7, error: 'TOPIC_AUTHORIZATION_FAILED', message: PERMISSION_MISSING.read, retryAt: 5_000 });
    expect([...retryingNow([due, later], 1_000, silentLogger)]).toEqual([due]);
    expect(due.stopped?.retryAt).toBe(1_000 + PERMISSION_RETRY_MS);
    expect(later.stopped?.retryAt).toBe(5_000);
  });

  it('clears a stop only for the side that was missing', () => {
    const read = partition({ offset: 7, error: 'TOPIC_AUTHORIZATION_FAILED', message: PERMISSION_MISSING.read, retryAt: 0 });
    permittedAgain(read, 'write', silentLogger);
    expect(read.stopped).toBeDefined();
    permittedAgain(read, 'read', silentLogger);
    expect(read.stopped).toBeUndefined();
    const refused = partition({ offset: 7, error: 'MESSAGE_TOO_LARGE', message: 'too large' });
    permittedAgain(refused, 'write', silentLogger);
    expect(refused.stopped).toBeDefined();
  });
});
