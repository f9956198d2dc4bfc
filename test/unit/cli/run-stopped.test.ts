import type { RunProgress } from '../../../src/cli/display/run-progress.ts';
import { stoppedPartitionsError } from '../../../src/cli/run/run-session.ts';
import { PERMISSION_MISSING } from '../../../src/replication/partition-state.ts';

const withStopped = (stopped: RunProgress['partitions']['stopped']): RunProgress => ({
  job: 'demo', elapsedMs: 1_000, phase: 'copying',
  topics: { matched: 2, onTarget: 2 },
  partitions: { total: 2, caughtUp: 0, waitingForTarget: 0, stopped },
  recordsCopied: 0, recordsBehind: 10, recordsPerSecond: 0, etaSeconds: undefined,
  groups: { matched: 0, synced: 0, ahead: 0, notSynced: [] },
  conflicts: { count: 0, first: [] }, planCommand: 'kafka-mirror plan -f job.yaml',
  lastSyncAgoSeconds: undefined,
});

describe('run: the error when partitions stopped', () => {
  it('says which side refused a permission and what to grant (both fail with TOPIC_AUTHORIZATION_FAILED)', () => {
    const denied = (topic: string, message: string) => ({ topic, partition: 0, offset: 0, error: 'TOPIC_AUTHORIZATION_FAILED', message });
    expect(stoppedPartitionsError(withStopped([denied('orders', PERMISSION_MISSING.write)])).message).toBe(
      'copying stopped on 1 partition(s) (the target user may not write these topics: grant WRITE on them):\n  orders/0 at offset 0: TOPIC_AUTHORIZATION_FAILED',
    );
    expect(stoppedPartitionsError(withStopped([denied('orders', PERMISSION_MISSING.read), denied('billing', PERMISSION_MISSING.write)])).message).toMatch(
      /^copying stopped on 2 partition\(s\) \(the source user may not read these topics: grant READ on them; the target user may not write these topics: grant WRITE on them\):/,
    );
  });

  it('gives no permission hint for a record the target refused', () => {
    const error = stoppedPartitionsError(withStopped([{ topic: 'orders', partition: 1, offset: 7, error: 'MESSAGE_TOO_LARGE', message: 'too big' }]));
    expect(error.message).toBe('copying stopped on 1 partition(s):\n  orders/1 at offset 7: MESSAGE_TOO_LARGE');
  });
});
