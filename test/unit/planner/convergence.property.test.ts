import fc from 'fast-check';
import { applyPlanToSnapshot } from '../../../src/planner/apply-plan-to-snapshot.ts';
import type { AclBinding, ClusterSnapshot, ConfigValue, GroupSnapshot, TopicSnapshot } from '../../../src/planner/cluster-snapshot.ts';
import type { TranslateOffset } from '../../../src/planner/group-offsets.planner.ts';
import type { MetadataSyncSpec } from '../../../src/planner/plan-metadata-sync.ts';
import { aSpec, inReverseOrder, planFor } from './planner.builders.ts';

// Small pools, so that source, target and spec collide often: same topics, same configs, same ACLs.
const TOPICS = ['orders', 'payments', 'dc1.orders', 'a', '__consumer_offsets', 'heartbeats'];
const CONFIGS = [
  'retention.ms',
  'cleanup.policy',
  'min.insync.replicas',
  'message.format.version',
  'message.timestamp.difference.max.ms',
  'message.timestamp.before.max.ms',
  'compression.zstd.level',
];

const configValue: fc.Arbitrary<ConfigValue> = fc.record({
  value: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('1', '2', '3') }, { weight: 1, arbitrary: fc.constant(null) }),
  source: fc.constantFrom('TopicOverride', 'TopicOverride', 'TopicOverride', 'TopicOverride', 'Default', 'StaticBroker', 'DynamicBroker'),
  readOnly: fc.constantFrom(false, false, false, true),
  sensitive: fc.constantFrom(false, false, false, true),
});

const topic: fc.Arbitrary<TopicSnapshot> = fc.record({
  partitions: fc.integer({ min: 1, max: 4 }),
  replicationFactor: fc.integer({ min: 1, max: 3 }),
  configs: fc.dictionary(fc.constantFrom(...CONFIGS), configValue, { maxKeys: 4 }).map((d) => new Map(Object.entries(d))),
});

const acl: fc.Arbitrary<AclBinding> = fc.record({
  resourceType: fc.constantFrom('Topic', 'Topic', 'Group', 'Cluster'),
  resourceName: fc.constantFrom('orders', 'ord', 'payments', '*', 'g1', 'g'),
  patternType: fc.constantFrom('Literal', 'Prefixed'),
  principal: fc.constantFrom('User:alice', 'User:bob'),
  host: fc.constant('*'),
  operation: fc.constantFrom('Read', 'Write', 'All', 'Describe'),
  permission: fc.constantFrom('Allow', 'Deny'),
});

const group: fc.Arbitrary<GroupSnapshot> = fc.record({
  state: fc.constantFrom('Empty', 'Empty', 'Stable', 'Dead'),
  memberCount: fc.constantFrom(0, 0, 1),
  offsets: fc.uniqueArray(
    fc.record({ topic: fc.constantFrom('orders', 'payments', 'a'), partition: fc.integer({ min: 0, max: 2 }), offset: fc.integer({ min: 0, max: 60 }) }),
    { selector: (o) => `${o.topic}:${o.partition}`, maxLength: 6 },
  ),
});

const snapshot: fc.Arbitrary<ClusterSnapshot> = fc.record({
  kafkaVersion: fc.constantFrom('2.6.0', '3.5.2', '3.9.1', '4.1.2', '4.1.2', undefined),
  brokerCount: fc.integer({ min: 1, max: 3 }),
  topics: fc.dictionary(fc.constantFrom(...TOPICS), topic, { maxKeys: 5 }).map((d) => new Map(Object.entries(d))),
  acls: fc.array(acl, { maxLength: 8 }),
  groups: fc.dictionary(fc.constantFrom('g1', 'g2', 'billing'), group, { maxKeys: 3 }).map((d) => new Map(Object.entries(d))),
});

/** A target that shares most of the source's topics, groups and ACLs, then differs here and there. */
function nearby(source: ClusterSnapshot): fc.Arbitrary<ClusterSnapshot> {
  return snapshot.map((other) => ({
    ...other,
    topics: new Map([...source.topics, ...[...other.topics].slice(0, 2)]),
    acls: [...source.acls.slice(0, 3), ...other.acls.slice(0, 2)],
    groups: new Map([...source.groups, ...[...other.groups].slice(0, 2)]),
  }));
}

/** Source and target: unrelated half the time, close to each other the other half. */
const world = snapshot.chain((source) => fc.record({ source: fc.constant(source), target: fc.oneof(snapshot, nearby(source)) }));

const spec: fc.Arbitrary<MetadataSyncSpec> = fc
  .record({
    include: fc.constantFrom(['.*'], ['orders.*'], ['a|payments']),
    exclude: fc.constantFrom([], ['payments']),
    prefixed: fc.boolean(),
    configSync: fc.boolean(),
    configExclude: fc.constantFrom(undefined, [], ['retention\\..*']),
    replicationFactor: fc.constantFrom(undefined, 1, 2),
    aclSync: fc.boolean(),
    aclMode: fc.constantFrom('MirrorMaker2Compatible' as const, 'Full' as const),
    groupInclude: fc.constantFrom(['.*'], ['g.*']),
    syncOffsets: fc.boolean(),
  })
  .map((s) =>
    aSpec({
      topics: { include: [...s.include], exclude: [...s.exclude], naming: s.prefixed ? { policy: 'Prefix', prefix: 'dc1.' } : { policy: 'Identity' } },
      configs: { sync: s.configSync, ...(s.configExclude ? { exclude: [...s.configExclude] } : {}), ...(s.replicationFactor ? { replicationFactor: s.replicationFactor } : {}) },
      acls: { sync: s.aclSync, mode: s.aclMode },
      groups: { include: [...s.groupInclude], syncOffsets: s.syncOffsets },
    }),
  );

/** A worker's offset map: some offsets not yet mirrored, partition 0 unshifted, the others shifted by commit markers. */
const translateOffset: TranslateOffset = (_topic, partition, offset) =>
  offset % 7 === 3 ? { ok: false, reason: 'NotYetMirrored' } : { ok: true, target: partition === 0 ? offset : offset * 2 + partition };

describe('metadata sync convergence (property)', () => {
  it('plans no action after its plan is applied, and keeps reporting the same conflicts', () => {
    fc.assert(
      fc.property(spec, world, fc.array(acl, { maxLength: 4 }), (jobSpec, { source, target }, jobCreatedAcls) => {
        const first = planFor(jobSpec, source, target, { jobCreatedAcls, translateOffset });
        const applied = applyPlanToSnapshot(target, first.actions);
        const second = planFor(jobSpec, source, applied, { jobCreatedAcls: first.ownedAcls, translateOffset });
        expect(second.actions).toEqual([]);
        expect(second.report.conflicts).toEqual(first.report.conflicts);
        expect(second.ownedAcls).toEqual(first.ownedAcls);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same plan, byte for byte, whatever order the snapshots list things in', () => {
    fc.assert(
      fc.property(spec, world, (jobSpec, { source, target }) => {
        const plan = planFor(jobSpec, source, target, { translateOffset });
        const again = planFor(jobSpec, inReverseOrder(source), inReverseOrder(target), { translateOffset });
        expect(JSON.stringify(again)).toBe(JSON.stringify(plan));
      }),
      { numRuns: 100 },
    );
  });
});
