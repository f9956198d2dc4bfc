import type { Plan, PlanAction } from '../../planner/plan.ts';
import { plural, renderTable } from './table.ts';

/** One row per action: what, where, and the detail that matters (never config values: they may be sensitive). */
export function actionRow(action: PlanAction): [string, string, string] {
  switch (action.kind) {
    case 'CreateTopic':
      return [action.kind, action.topic, `${action.partitions} partitions, replication factor ${action.replicationFactor}${Object.keys(action.configs).length > 0 ? `, configs ${Object.keys(action.configs).join(', ')}` : ''}`];
    case 'CreatePartitions':
      return [action.kind, action.topic, `grow to ${action.totalCount} partitions`];
    case 'AlterTopicConfigs':
      return [action.kind, action.topic, action.changes.map((c) => `${c.op === 'Set' ? 'set' : 'delete'} ${c.name}`).join(', ')];
    case 'CreateAcls':
    case 'DeleteAcls':
      return [action.kind, `${action.acls.length} ACL(s)`, action.acls.map((a) => `${a.permission} ${a.principal} ${a.operation} on ${a.resourceType} ${a.patternType === 'Prefixed' ? `${a.resourceName}*` : a.resourceName}`).join('; ')];
    case 'SetGroupOffsets':
      return [action.kind, action.group, action.offsets.map((o) => `${o.topic}-${o.partition} -> ${o.offset}`).join(', ')];
  }
}

/** `kafka-mirror plan` as text: the summary, the actions in apply order, then what will not change and why. Pure. */
export function renderPlan(jobName: string, plan: Plan, aclsSkipped?: string): string {
  const { report } = plan;
  const t = report.topics;
  const out = [
    `plan for job ${jobName} (nothing was changed)`,
    `topics: ${t.matched} matched on the source; ${t.toCreate} to create, ${t.toGrow} to grow, ${t.toReconfigure} to reconfigure, ${t.inSync} in sync`,
    `ACLs: ${report.acls.desired} wanted on the target; ${report.acls.toCreate} to create, ${report.acls.toDelete} to delete${aclsSkipped ? ` (${aclsSkipped})` : ''}`,
    '',
  ];
  out.push(plan.actions.length === 0 ? 'no changes: the target is in line with the job' : `${plural(plan.actions.length, 'action')}, in the order they would be applied:\n${renderTable(['ACTION', 'ON', 'DETAIL'], plan.actions.map(actionRow))}`);
  if (report.conflicts.length > 0) {
    out.push('', `CONFLICTS (need a person; never changed automatically):\n${renderTable(['TOPIC', 'REASON', 'DETAIL'], report.conflicts.map((c) => [c.topic, c.reason, c.detail]))}`);
  }
  if (report.skippedConfigs.length > 0) {
    out.push('', `configs not copied:\n${renderTable(['TOPIC', 'CONFIG', 'REASON'], report.skippedConfigs.map((s) => [s.topic, s.config, `${s.reason}: ${s.detail}`]))}`);
  }
  if (report.mappedConfigs.length > 0) {
    out.push('', `configs renamed for the target's Kafka version:\n${renderTable(['TOPIC', 'FROM', 'TO'], report.mappedConfigs.map((m) => [m.topic, m.from, m.to.join(', ')]))}`);
  }
  if (report.groups.length > 0) {
    out.push('', `consumer groups:\n${renderTable(['GROUP', 'OUTCOME', 'DETAIL'], report.groups.map((g) => [g.group, g.outcome, g.detail]))}`);
  }
  if (t.targetOnly.length > 0) out.push('', `target topics whose source topic is gone (left alone): ${t.targetOnly.join(', ')}`);
  return out.join('\n');
}
