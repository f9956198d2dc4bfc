// The metadata-sync planner: pure functions from (spec, source snapshot, target snapshot) to a Plan.
export * from './apply-plan-to-snapshot.ts';
export * from './cluster-snapshot.ts';
export * from './config-compatibility.ts';
export type { OffsetTranslation, TranslateOffset, UntranslatableReason } from './group-offsets.planner.ts';
export * from './plan-metadata-sync.ts';
export * from './plan.ts';
export { isInternalTopic, selectMirroredTopics } from '../job/topic-selection.ts';
export { sourceTopicName, targetTopicName } from '../job/topic-naming.ts';
