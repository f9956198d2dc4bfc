/**
 * A target is often shared: other teams (or other jobs) delete their topics at any moment. A sync pass
 * must read the topics it wants whatever happens to the others meanwhile. Seen in CI: a listing named
 * a topic another suite deleted before the client library described it, and the whole pass failed
 * with "Unknown topic".
 */
import { Admin } from '@platformatic/kafka';
import { readTopicsSnapshot } from '../../../src/sync/cluster-snapshot.reader.ts';
import { targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { waitFor } from '../../helpers/processes.ts';
import { adminOf } from '../../helpers/sync/sync-job.ts';

const OTHERS = 50;

it('reads the topics it wants while another client deletes other topics of the target one by one', async () => {
  const target = await targetKafka();
  const prefix = uniqueTopic('shared');
  const mine = `${prefix}-mine`;
  const others = Array.from({ length: OTHERS }, (_, i) => `${prefix}-other-${i}`);
  const admin = adminOf(target);
  const deleter = new Admin({ clientId: 'another-team', bootstrapBrokers: [target.bootstrap] });
  try {
    await admin.createTopics([mine, ...others].map((name) => ({ name, partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '3600000' } })));
    await waitFor('every topic listed', async () => ((await admin.partitionCounts()).has(others.at(-1)!) ? true : undefined));

    let deleting = true;
    const deletions = (async () => {
      for (const topic of others) await deleter.deleteTopics({ topics: [topic] });
    })().finally(() => (deleting = false));
    const failures: string[] = [];
    let reads = 0;
    // Every topic of the prefix is wanted, as a job mirroring `shared-.*` would: the deleted ones too.
    while (deleting) {
      try {
        const read = await readTopicsSnapshot(admin, (n) => n.startsWith(prefix));
        reads++;
        expect(read.topics.get(mine)).toEqual({ partitions: 3, replicationFactor: 1, configs: new Map([['retention.ms', expect.anything()]]) });
      } catch (err) {
        failures.push(String(err));
      }
    }
    await deletions;
    console.log(`${reads} reads while ${OTHERS} topics were deleted; failures: ${failures.length}`);
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(3);
  } finally {
    await deleter.close();
    await admin.close();
  }
}, 120_000);
