import { brokenPromises, runChaosSoak, soakGround } from './chaos-soak.scenario.ts';
import type { OperatorGround } from './operator-harness.ts';

// The chaos soak of `npm run soak`, small: through two leader-elected operators on the shared control
// plane, with Kafka clusters of its own (it restarts a broker, which must not disturb other files).
describe('a MirrorJob under chaos', () => {
  let ground: OperatorGround;

  beforeAll(async () => {
    ground = await soakGround();
  }, 180_000);

  afterAll(() => ground?.release());

  it('ExactlyOnce: 3 worker SIGKILLs, a target broker restart, a leader kill and scaling 1 -> 3 -> 1 under produce: nothing lost or doubled, group offsets exact', async () => {
    const result = await runChaosSoak(ground, {
      delivery: 'ExactlyOnce',
      records: 30_000,
      perSecond: 1_000,
      partitions: 12,
      killIntervalMs: 8_000,
      kills: 3,
      restartSource: false,
      restartTarget: true,
      killLeader: true,
      scaleSteps: [3, 1],
      groupReads: 9_000,
      drainTimeoutMs: 120_000,
    }, console.log);
    console.log(JSON.stringify({ ...result, group: { ...result.group, partitions: undefined } }, null, 2));
    expect(result.events.map((e) => e.what).sort()).toEqual(
      ['SIGKILL worker 1/3', 'SIGKILL worker 2/3', 'SIGKILL worker 3/3', 'scale workers to 3', 'restart the target broker', 'SIGKILL the leading operator', 'scale workers to 1'].sort(),
    );
    expect(brokenPromises(result)).toEqual([]);
    expect(result).toMatchObject({ lost: 0, duplicated: 0, reordered: 0, mismatchedPartitions: [], group: { read: 9_000, inexact: 0 } });
    expect(result.targetRecords).toBe(result.sourceRecords);
    expect(result.group.exact).toBeGreaterThan(0);
  }, 420_000);
});
