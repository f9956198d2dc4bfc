import type { MirrorJobSpec } from '../../api/index.ts';
import type { AclBinding, ClusterSnapshot } from '../../planner/cluster-snapshot.ts';
import type { TranslateOffset } from '../../planner/group-offsets.planner.ts';
import { targetTopicName } from '../../job/topic-naming.ts';
import type { Plan } from '../../planner/plan.ts';
import { compileNameFilter, selectMirroredTopics } from '../../job/topic-selection.ts';
import type { CheckName, Difference } from './verify-result.ts';

export interface MetadataComparison {
  compared: Partial<Record<CheckName, number>>;
  notes: Partial<Record<CheckName, string>>;
  differences: Difference[];
  /** Mirrored topics present on both sides: source name, target name, partitions to compare. */
  pairs: Array<{ source: string; target: string; partitions: number }>;
}

const aclText = (a: AclBinding) => `${a.permission} ${a.principal} ${a.operation} on ${a.resourceType} ${a.resourceName}${a.patternType === 'Prefixed' ? '*' : ''} from ${a.host}`;
const shown = (value: string | null | undefined) => (value === undefined ? 'not set' : value === null ? '(hidden)' : JSON.stringify(value));

/**
 * Source against target, for everything but records. Topic list, partition counts and replication
 * factor are compared directly; configs and ACLs through the metadata planner's own Plan (anything it
 * would still change is a difference), so verify and the sync agree on exclusions, version renames
 * and MirrorMaker 2 ACL rules. Group offsets are translated with the job's offset map. Pure.
 */
export function compareMetadata(spec: MirrorJobSpec, source: ClusterSnapshot, target: ClusterSnapshot, plan: Plan, translate: TranslateOffset, aclsSkipped?: string): MetadataComparison {
  const out: MetadataComparison = { compared: {}, notes: {}, differences: [], pairs: [] };
  const diff = (check: Difference['check'], subject: string, detail: string) => out.differences.push({ check, subject, detail });
  const mirrored = selectMirroredTopics(spec.topics, source.topics.keys());
  out.compared.topics = mirrored.length;
  out.compared.partitions = 0;
  for (const name of mirrored) {
    const s = source.topics.get(name)!;
    const targetName = targetTopicName(spec.topics.naming, name);
    const t = target.topics.get(targetName);
    if (!t) {
      diff('topics', targetName, `missing on the target (source topic ${name})`);
      continue;
    }
    out.compared.partitions += s.partitions;
    if (s.partitions !== t.partitions) diff('partitions', targetName, `${s.partitions} partitions on the source, ${t.partitions} on the target`);
    const wantedRf = spec.configs.replicationFactor;
    if (wantedRf !== undefined && t.replicationFactor !== wantedRf) diff('replicationFactor', targetName, `replication factor ${t.replicationFactor} on the target, the job asks for ${wantedRf}`);
    out.pairs.push({ source: name, target: targetName, partitions: Math.min(s.partitions, t.partitions) });
  }
  out.compared.replicationFactor = spec.configs.replicationFactor === undefined ? undefined : out.pairs.length;
  if (spec.configs.replicationFactor === undefined) out.notes.replicationFactor = 'not set in the job: the target\'s default applies';
  for (const c of plan.report.conflicts) diff('conflicts', c.topic, `${c.reason}: ${c.detail}`);

  if (spec.configs.sync) {
    out.compared.configs = out.pairs.length;
    for (const a of plan.actions) {
      if (a.kind !== 'AlterTopicConfigs') continue;
      for (const c of a.changes) {
        const sv = source.topics.get(a.sourceTopic)?.configs.get(c.name)?.value;
        const tv = target.topics.get(a.topic)?.configs.get(c.name)?.value;
        diff('configs', a.topic, `${c.name}: ${shown(sv)} on the source, ${shown(tv)} on the target`);
      }
    }
  } else out.notes.configs = 'not compared: configs.sync is false';

  if (!spec.acls.sync) out.notes.acls = 'not compared: acls.sync is false';
  else if (aclsSkipped) out.notes.acls = `not compared: ${aclsSkipped}`;
  else {
    out.compared.acls = plan.report.acls.desired;
    for (const a of plan.actions) {
      if (a.kind === 'CreateAcls') for (const acl of a.acls) diff('acls', aclText(acl), 'on the source (mapped for the target) but missing on the target');
      if (a.kind === 'DeleteAcls') for (const acl of a.acls) diff('acls', aclText(acl), 'on the target (created by this job) but gone from the source');
    }
  }
  compareGroups(spec, source, target, mirrored, translate, out);
  return out;
}

function compareGroups(spec: MirrorJobSpec, source: ClusterSnapshot, target: ClusterSnapshot, mirrored: string[], translate: TranslateOffset, out: MetadataComparison): void {
  if (!spec.groups.syncOffsets) {
    out.notes.groups = 'not compared: groups.syncOffsets is false';
    return;
  }
  const matches = compileNameFilter(spec.groups.include, spec.groups.exclude);
  const topics = new Set(mirrored);
  let compared = 0;
  for (const [group, g] of [...source.groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const offsets = g.offsets.filter((o) => topics.has(o.topic) && o.offset >= 0);
    if (!matches(group) || offsets.length === 0) continue;
    compared++;
    const onTarget = new Map((target.groups.get(group)?.offsets ?? []).map((o) => [`${o.topic}\u0000${o.partition}`, o.offset]));
    for (const o of offsets) {
      const targetTopic = targetTopicName(spec.topics.naming, o.topic);
      const subject = `${group} ${targetTopic}/${o.partition}`;
      const translation = translate(o.topic, o.partition, o.offset);
      const actual = onTarget.get(`${targetTopic}\u0000${o.partition}`);
      if (!translation.ok) out.differences.push({ check: 'groups', subject, detail: `source offset ${o.offset} cannot be translated yet (${translation.reason})` });
      else if (actual !== translation.target) {
        out.differences.push({ check: 'groups', subject, detail: `source offset ${o.offset} translates to ${translation.target}; the target has ${actual === undefined ? 'no committed offset' : actual}` });
      }
    }
  }
  out.compared.groups = compared;
}
