import type { MirrorJobSpec } from '../api/mirrorjob-spec.schema.ts';
import { planAcls } from './acls.planner.ts';
import type { AclBinding, ClusterSnapshot } from './cluster-snapshot.ts';
import { planGroupOffsets } from './group-offsets.planner.ts';
import type { TranslateOffset } from './group-offsets.planner.ts';
import { sortedByKeys } from './ordering.ts';
import type { Plan, PlanAction } from './plan.ts';
import { selectMirroredTopics } from '../job/topic-selection.ts';
import { planTopics } from './topics.planner.ts';

/** The parts of a MirrorJob spec metadata sync reads; a whole `MirrorJobSpec` fits. */
export type MetadataSyncSpec = Pick<MirrorJobSpec, 'topics' | 'configs' | 'acls' | 'groups'>;

export interface MetadataSyncInput {
  spec: MetadataSyncSpec;
  source: ClusterSnapshot;
  target: ClusterSnapshot;
  /** ACLs this job created on the target in earlier passes: the `ownedAcls` of the last Plan, persisted. */
  jobCreatedAcls: readonly AclBinding[];
  /** Source offset -> target offset, from the replication worker's offset map. */
  translateOffset: TranslateOffset;
}

/**
 * Everything one metadata sync pass should change on the target, and what it saw but will not
 * change. Pure: the same input gives a deep-equal Plan, and applying the Plan then planning again
 * gives no actions (test/unit/planner/convergence.property.test.ts).
 */
export function planMetadataSync(input: MetadataSyncInput): Plan {
  const { spec, source, target } = input;
  const mirrored = selectMirroredTopics(spec.topics, source.topics.keys());
  const topics = planTopics(spec, source, target, mirrored);
  const acls = planAcls(spec, source, target, mirrored, input.jobCreatedAcls);
  const groups = planGroupOffsets(spec, source, target, mirrored, topics.targetPartitionsAfter, input.translateOffset);
  // Apply order: topics exist before anything names them; offsets come last, on partitions that now exist.
  const actions: PlanAction[] = [
    ...topics.creates,
    ...topics.grows,
    ...topics.alters,
    ...(acls.creates.length > 0 ? [{ kind: 'CreateAcls' as const, acls: acls.creates }] : []),
    ...(acls.deletes.length > 0 ? [{ kind: 'DeleteAcls' as const, acls: acls.deletes }] : []),
    ...groups.actions,
  ];
  return {
    actions,
    report: {
      topics: topics.report,
      conflicts: sortedByKeys(topics.conflicts, (c) => [c.topic, c.reason]),
      skippedConfigs: sortedByKeys(topics.skippedConfigs, (s) => [s.topic, s.config]),
      mappedConfigs: sortedByKeys(topics.mappedConfigs, (m) => [m.topic, m.from]),
      acls: acls.report,
      groups: groups.groups,
    },
    ownedAcls: acls.owned,
  };
}
