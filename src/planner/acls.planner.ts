import type { MirrorJobSpec } from '../api/mirrorjob-spec.schema.ts';
import type { TopicNaming } from '../api/topics.schema.ts';
import type { AclBinding, ClusterSnapshot } from './cluster-snapshot.ts';
import { aclKey, distinctAcls } from './ordering.ts';
import type { AclsReport } from './plan.ts';
import { targetTopicName } from '../job/topic-naming.ts';
import { compileNameFilter, topicMatcher } from '../job/topic-selection.ts';

export type AclsSpec = Pick<MirrorJobSpec, 'acls' | 'topics' | 'groups'>;

export interface AclsPlan {
  creates: AclBinding[];
  deletes: AclBinding[];
  owned: AclBinding[];
  report: AclsReport;
}

/**
 * MirrorMaker 2's MirrorSourceConnector.syncTopicAcls, rule for rule: literal topic ACLs of mirrored
 * topics; ALLOW WRITE dropped and ALLOW ALL made ALLOW READ, so clients cannot write into the copy;
 * DENY entries kept as they are, because dropping one would grant on the target what the source refuses.
 */
function mirrorMaker2Acl(acl: AclBinding, mirrors: (topic: string) => boolean, naming: TopicNaming): AclBinding | undefined {
  if (acl.resourceType !== 'Topic' || acl.patternType !== 'Literal' || !mirrors(acl.resourceName)) return undefined;
  if (acl.permission === 'Allow' && acl.operation === 'Write') return undefined;
  const operation = acl.permission === 'Allow' && acl.operation === 'All' ? 'Read' : acl.operation;
  return { ...acl, resourceName: targetTopicName(naming, acl.resourceName), operation };
}

interface FullModeScope {
  mirrors: (topic: string) => boolean;
  mirroredTopics: readonly string[];
  groupMatches: (group: string) => boolean;
  matchedGroups: readonly string[];
  naming: TopicNaming;
}

/**
 * Full mode: topic and group ACLs as they are. A prefixed ACL is copied when it covers a mirrored
 * topic (or group): copying every prefixed ACL would grant rights over names this job has nothing to
 * do with. The literal wildcard "*" means every topic; under a prefix that is "every mirrored topic".
 */
function fullModeAcl(acl: AclBinding, scope: FullModeScope): AclBinding | undefined {
  const name = acl.resourceName;
  if (acl.resourceType === 'Topic') {
    if (acl.patternType === 'Literal' && name === '*') {
      return scope.naming.policy === 'Prefix' ? { ...acl, patternType: 'Prefixed', resourceName: targetTopicName(scope.naming, '') } : { ...acl };
    }
    const covered = acl.patternType === 'Literal' ? scope.mirrors(name) : scope.mirroredTopics.some((topic) => topic.startsWith(name));
    return covered ? { ...acl, resourceName: targetTopicName(scope.naming, name) } : undefined;
  }
  if (acl.resourceType === 'Group') {
    if (acl.patternType === 'Literal') return name === '*' || scope.groupMatches(name) ? { ...acl } : undefined;
    return scope.matchedGroups.some((group) => group.startsWith(name)) ? { ...acl } : undefined;
  }
  return undefined;
}

/** The ACLs the spec wants on the target, distinct and sorted. */
export function desiredTargetAcls(spec: AclsSpec, source: ClusterSnapshot, mirroredTopics: readonly string[]): AclBinding[] {
  const mirrors = topicMatcher(spec.topics);
  const naming = spec.topics.naming;
  if (spec.acls.mode === 'MirrorMaker2Compatible') {
    return distinctAcls(source.acls.flatMap((acl) => mirrorMaker2Acl(acl, mirrors, naming) ?? []));
  }
  const groupMatches = compileNameFilter(spec.groups.include, spec.groups.exclude);
  const matchedGroups = [...source.groups.keys()].filter(groupMatches);
  const scope: FullModeScope = { mirrors, mirroredTopics, groupMatches, matchedGroups, naming };
  return distinctAcls(source.acls.flatMap((acl) => fullModeAcl(acl, scope) ?? []));
}

/**
 * Creates what is missing; deletes only ACLs this job created (`jobCreated`, persisted by the sync
 * loop from `Plan.ownedAcls`) that the source no longer implies. An ACL somebody else made is never
 * deleted, even when it equals one the job wants.
 */
export function planAcls(
  spec: AclsSpec,
  source: ClusterSnapshot,
  target: ClusterSnapshot,
  mirroredTopics: readonly string[],
  jobCreated: readonly AclBinding[],
): AclsPlan {
  const previouslyOwned = distinctAcls(jobCreated);
  if (!spec.acls.sync) return { creates: [], deletes: [], owned: previouslyOwned, report: { desired: 0, toCreate: 0, toDelete: 0 } };
  const desired = desiredTargetAcls(spec, source, mirroredTopics);
  const desiredKeys = new Set(desired.map(aclKey));
  const onTarget = new Set(target.acls.map(aclKey));
  const creates = desired.filter((acl) => !onTarget.has(aclKey(acl)));
  const deletes = previouslyOwned.filter((acl) => onTarget.has(aclKey(acl)) && !desiredKeys.has(aclKey(acl)));
  // Owned ACLs that vanished from the target are forgotten; if still wanted they are among `creates`.
  const kept = previouslyOwned.filter((acl) => onTarget.has(aclKey(acl)) && desiredKeys.has(aclKey(acl)));
  return {
    creates,
    deletes,
    owned: distinctAcls([...kept, ...creates]),
    report: { desired: desired.length, toCreate: creates.length, toDelete: deletes.length },
  };
}
