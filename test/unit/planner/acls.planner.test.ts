import type { AclBinding } from '../../../src/planner/cluster-snapshot.ts';
import { actionsOf, anAcl, aSnapshot, aSpec, aTopic, aGroup, planFor } from './planner.builders.ts';
import type { MetadataSyncSpec } from '../../../src/planner/plan-metadata-sync.ts';

const topics = [aTopic('orders'), aTopic('payments')];

function createdAcls(spec: MetadataSyncSpec, sourceAcls: AclBinding[], options: { targetAcls?: AclBinding[]; groups?: ReturnType<typeof aGroup>[] } = {}): AclBinding[] {
  const source = aSnapshot({ topics, acls: sourceAcls, groups: options.groups ?? [] });
  const target = aSnapshot({ topics, acls: options.targetAcls ?? [] });
  return actionsOf(planFor(spec, source, target), 'CreateAcls').flatMap((action) => action.acls);
}

describe('ACLs, MirrorMaker2Compatible mode', () => {
  const spec = aSpec({ topics: { include: ['orders'] } });

  it('copies literal topic ACLs of mirrored topics only', () => {
    const acls = [
      anAcl({ resourceName: 'orders' }),
      anAcl({ resourceName: 'payments' }),
      anAcl({ resourceName: 'ord', patternType: 'Prefixed' }),
      anAcl({ resourceType: 'Group', resourceName: 'orders' }),
      anAcl({ resourceType: 'Cluster', resourceName: 'kafka-cluster', operation: 'Create' }),
    ];
    expect(createdAcls(spec, acls)).toEqual([anAcl({ resourceName: 'orders' })]);
  });

  it('drops ALLOW WRITE and turns ALLOW ALL into READ, as MirrorMaker 2 does', () => {
    const acls = [anAcl({ operation: 'Write' }), anAcl({ operation: 'All', principal: 'User:bob' }), anAcl({ operation: 'Describe' })];
    expect(createdAcls(spec, acls)).toEqual([anAcl({ operation: 'Describe' }), anAcl({ principal: 'User:bob', operation: 'Read' })]);
  });

  it('keeps DENY entries as they are, so the copy never grants what the source refuses', () => {
    const acls = [anAcl({ permission: 'Deny', operation: 'Write' }), anAcl({ permission: 'Deny', operation: 'All' })];
    expect(createdAcls(spec, acls)).toEqual([anAcl({ permission: 'Deny', operation: 'All' }), anAcl({ permission: 'Deny', operation: 'Write' })]);
  });

  it('maps resource names by the naming policy', () => {
    const prefixed = aSpec({ topics: { include: ['orders'], naming: { policy: 'Prefix', prefix: 'dc1.' } } });
    expect(createdAcls(prefixed, [anAcl()])).toEqual([anAcl({ resourceName: 'dc1.orders' })]);
  });
});

describe('ACLs, Full mode', () => {
  const spec = aSpec({ topics: { include: ['orders.*'] }, acls: { mode: 'Full' }, groups: { include: ['billing-.*'] } });

  it('copies literal and prefixed topic and group ACLs as they are, DENY and WRITE included', () => {
    const acls = [
      anAcl({ operation: 'Write', permission: 'Deny' }),
      anAcl({ operation: 'All' }),
      anAcl({ resourceName: 'ord', patternType: 'Prefixed', operation: 'Write' }),
      anAcl({ resourceType: 'Group', resourceName: 'billing-app' }),
      anAcl({ resourceType: 'Group', resourceName: 'billing-', patternType: 'Prefixed' }),
    ];
    const groups = [aGroup('billing-app')];
    expect(createdAcls(spec, acls, { groups })).toEqual(expect.arrayContaining(acls));
    expect(createdAcls(spec, acls, { groups })).toHaveLength(acls.length);
  });

  it('leaves out ACLs of topics and groups the job does not mirror', () => {
    const acls = [
      anAcl({ resourceName: 'payments' }),
      anAcl({ resourceName: 'pay', patternType: 'Prefixed' }),
      anAcl({ resourceType: 'Group', resourceName: 'other-app' }),
      anAcl({ resourceType: 'Group', resourceName: 'other-', patternType: 'Prefixed' }),
      anAcl({ resourceType: 'TransactionalId', resourceName: 'orders-tx', operation: 'Write' }),
    ];
    expect(createdAcls(spec, acls, { groups: [aGroup('other-app')] })).toEqual([]);
  });

  it('maps literal and prefixed topic names by the naming policy; group names stay', () => {
    const prefixed = aSpec({ topics: { include: ['orders.*'], naming: { policy: 'Prefix', prefix: 'dc1.' } }, acls: { mode: 'Full' } });
    const acls = [anAcl(), anAcl({ resourceName: 'ord', patternType: 'Prefixed' }), anAcl({ resourceName: '*' }), anAcl({ resourceType: 'Group', resourceName: 'app' })];
    expect(createdAcls(prefixed, acls)).toEqual([
      anAcl({ resourceType: 'Group', resourceName: 'app' }),
      anAcl({ resourceName: 'dc1.orders' }),
      anAcl({ resourceName: 'dc1.', patternType: 'Prefixed' }),
      anAcl({ resourceName: 'dc1.ord', patternType: 'Prefixed' }),
    ]);
  });
});

describe('ACL ownership', () => {
  const spec = aSpec({ topics: { include: ['orders'] } });
  const gone = anAcl({ principal: 'User:gone' });
  const someoneElses = anAcl({ principal: 'User:admin', operation: 'Alter' });

  it('creates only what is missing and owns what it created', () => {
    const source = aSnapshot({ topics, acls: [anAcl(), anAcl({ principal: 'User:bob' })] });
    const target = aSnapshot({ topics, acls: [anAcl()] });
    const plan = planFor(spec, source, target);
    expect(plan.actions).toEqual([{ kind: 'CreateAcls', acls: [anAcl({ principal: 'User:bob' })] }]);
    expect(plan.ownedAcls).toEqual([anAcl({ principal: 'User:bob' })]);
  });

  it('deletes ACLs it created that the source no longer has, and never touches others', () => {
    const source = aSnapshot({ topics, acls: [anAcl()] });
    const target = aSnapshot({ topics, acls: [anAcl(), gone, someoneElses] });
    const plan = planFor(spec, source, target, { jobCreatedAcls: [anAcl(), gone] });
    expect(plan.actions).toEqual([{ kind: 'DeleteAcls', acls: [gone] }]);
    expect(plan.ownedAcls).toEqual([anAcl()]);
    expect(plan.report.acls).toEqual({ desired: 1, toCreate: 0, toDelete: 1 });
  });

  it('forgets owned ACLs that disappeared from the target and recreates the wanted ones', () => {
    const source = aSnapshot({ topics, acls: [anAcl()] });
    const plan = planFor(spec, source, aSnapshot({ topics }), { jobCreatedAcls: [anAcl(), gone] });
    expect(plan.actions).toEqual([{ kind: 'CreateAcls', acls: [anAcl()] }]);
    expect(plan.ownedAcls).toEqual([anAcl()]);
  });

  it('changes nothing and keeps ownership when acls.sync is false', () => {
    const off = aSpec({ topics: { include: ['orders'] }, acls: { sync: false } });
    const plan = planFor(off, aSnapshot({ topics, acls: [anAcl()] }), aSnapshot({ topics, acls: [gone] }), { jobCreatedAcls: [gone] });
    expect(plan.actions).toEqual([]);
    expect(plan.ownedAcls).toEqual([gone]);
  });
});
