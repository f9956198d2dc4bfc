import type { MirrorJobSpec } from '../api/index.ts';
import { sourceTopicName } from '../job/topic-naming.ts';
import { compileNameFilter, topicMatcher } from '../job/topic-selection.ts';
import type { SnapshotOptions } from './cluster-snapshot.reader.ts';

const nothing = (): boolean => false;

/**
 * What each snapshot needs to hold, so a pass describes only the job's topics and groups rather than
 * the whole cluster: source topics the filters match; target topics a mirrored source name maps onto
 * (the planner's `targetOnly` report looks at those too); groups when offsets (or Full-mode group
 * ACLs) are synced.
 */
export function snapshotFilters(spec: Pick<MirrorJobSpec, 'topics' | 'groups' | 'acls'>): { source: SnapshotOptions; target: SnapshotOptions } {
  const mirrors = topicMatcher(spec.topics);
  const groups = compileNameFilter(spec.groups.include, spec.groups.exclude);
  const groupAcls = spec.acls.sync && spec.acls.mode === 'Full';
  return {
    source: { topics: mirrors, groups: spec.groups.syncOffsets || groupAcls ? groups : nothing },
    target: {
      topics: (name) => {
        const source = sourceTopicName(spec.topics.naming, name);
        return source !== undefined && mirrors(source);
      },
      groups: spec.groups.syncOffsets ? groups : nothing,
    },
  };
}
