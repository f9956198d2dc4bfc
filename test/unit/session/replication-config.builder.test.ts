import { validateMirrorJob } from '../../../src/api/index.ts';
import { replicationConfigOf } from '../../../src/session/replication-config.builder.ts';
import { aMirrorJob } from '../api/mirrorjob.builder.ts';

const jobWith = (replication: Record<string, unknown>) => {
  const result = validateMirrorJob(aMirrorJob({ replication } as never));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.job;
};

describe('replicationConfigOf', () => {
  it("gives each worker an equal share of maxBytesPerSecond and keeps a fetch near a second's worth", () => {
    const config = replicationConfigOf(jobWith({ workers: 4, maxBytesPerSecond: 4_000_000 }), { index: 1, revision: 7 });
    expect(config.maxBytesPerSecond).toBe(1_000_000);
    expect(config.fetch.maxBytes).toBe(1_000_000);
    expect(config.fetch.partitionMaxBytes).toBe(1_000_000);
  });

  it('sets no limit when the spec has none', () => {
    expect(replicationConfigOf(jobWith({ workers: 2 }), { index: 0, revision: 1 }).maxBytesPerSecond).toBeUndefined();
  });
});
