import { DISCOVERY_INTERVAL_MS, pauseDiscovering } from '../../../src/sync/discovery-schedule.ts';
import { topicsBehind } from '../../../src/sync/topic-discovery.ts';

type DiscoverySpec = Parameters<typeof topicsBehind>[0];
const spec = (naming: DiscoverySpec['topics']['naming'] = { policy: 'Identity' }): DiscoverySpec =>
  ({ topics: { include: ['projects\\..*'], exclude: ['projects\\.skip'], naming }, configs: {} }) as unknown as DiscoverySpec;

describe('topicsBehind', () => {
  const source = new Map([['projects.a', 3], ['projects.b', 2], ['projects.c', 4], ['projects.skip', 1], ['other', 1]]);

  it('names matched source topics missing on the target or with fewer partitions there, and nothing else', () => {
    const target = new Map([['projects.a', 3], ['projects.c', 2], ['other', 0]]);
    expect(topicsBehind(spec(), source, target)).toEqual(['projects.b', 'projects.c']);
  });

  it('reads the target under the job naming', () => {
    const target = new Map([['src.projects.a', 3], ['src.projects.b', 2], ['src.projects.c', 4]]);
    const prefixed = spec({ policy: 'Prefix', prefix: 'src.' });
    expect(topicsBehind(prefixed, source, target)).toEqual([]);
    expect(topicsBehind(prefixed, source, new Map([['projects.a', 3]]))).toEqual(['projects.a', 'projects.b', 'projects.c']);
  });
});

describe('pauseDiscovering', () => {
  /** A clock that moves only when the schedule pauses. */
  function fakeTime() {
    let clock = 1_000_000;
    const pauses: number[] = [];
    const pause = async (ms: number) => {
      pauses.push(ms);
      clock += ms;
    };
    return { pauses, pause, now: () => clock };
  }

  it('discovers every interval until the next pass is due, then waits out the rest', async () => {
    const t = fakeTime();
    let looks = 0;
    const until = t.now() + 60_000;
    await pauseDiscovering(until, t.pause, async () => void looks++, () => false, t.now);
    expect(t.now()).toBe(until);
    expect(looks).toBe(Math.ceil(60_000 / DISCOVERY_INTERVAL_MS) - 1);
    expect(t.pauses.every((ms) => ms <= DISCOVERY_INTERVAL_MS)).toBe(true);
  });

  it('ends at once when interrupted (woken for a pass, or stopped)', async () => {
    const t = fakeTime();
    let looks = 0;
    await pauseDiscovering(t.now() + 60_000, t.pause, async () => void looks++, () => looks >= 2, t.now);
    expect(looks).toBe(2);
    expect(t.pauses).toHaveLength(2);
  });
});
