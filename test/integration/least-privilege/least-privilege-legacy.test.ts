/**
 * The users' usual source: Kafka 2.6 with ZooKeeper and the AclAuthorizer. docs/acls.md's block, run
 * as written against it and a 4.1.2 target, is enough for a job with every feature on.
 */
import { seed } from './every-feature-job.ts';
import { expectJobWorks, startGround, type LeastPrivilegeGround } from './least-privilege-ground.ts';

describe('a job holding exactly the grants of docs/acls.md (2.6.0 ZooKeeper source, 4.1.2 target, both enforcing ACLs)', () => {
  let ground: LeastPrivilegeGround;

  beforeAll(async () => {
    ground = await startGround('2.6.0', []);
  }, 240_000);

  afterAll(() => ground?.stop());

  it('ExactlyOnce, every feature on: records, configs, ACLs and group offsets arrive, no action fails', async () => {
    const { source, target, full } = ground;
    await seed(source, target, full);
    await expectJobWorks(ground, full, 'ExactlyOnce');
  }, 150_000);
});
