import { type KafkaAdmin, KafkaClientError } from '../kafka/index.ts';
import type { PlanAction, PlanActionKind } from '../planner/plan.ts';
import { mapLimit } from './concurrency.ts';
import { createBatches } from './create-batches.ts';
import { toPortConfigChange, toPortOffset } from './snapshot-mapping.ts';

export type ActionOutcome =
  | { action: PlanAction; ok: true; ms: number }
  | { action: PlanAction; ok: false; ms: number; code: string; retriable: boolean; message: string };

/** Actions of one kind that run side by side; kinds still go in the plan's order. */
const CONCURRENCY = 16;

/**
 * Applies a Plan's actions through the admin port, each on its own: a failed action is reported in
 * its outcome and retried by the next pass (which plans it again); it never stops the others. Kinds
 * are applied in the plan's order (topics before the configs, ACLs and offsets that name them);
 * actions of one kind run concurrently, which is what makes a pass with hundreds of new topics fast.
 */
export async function applyPlan(admin: KafkaAdmin, actions: readonly PlanAction[], onOutcome?: (o: ActionOutcome) => void): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = [];
  const reported = (o: ActionOutcome): ActionOutcome => {
    onOutcome?.(o);
    return o;
  };
  for (const phase of phasesOf(actions)) {
    const creations = phase.filter((a) => a.kind === 'CreateTopic');
    if (creations.length === phase.length) {
      outcomes.push(...(await mapLimit(createBatches(creations), CONCURRENCY, (batch) => createTogether(admin, batch, reported))).flat());
    } else {
      outcomes.push(...(await mapLimit(phase, CONCURRENCY, async (action) => reported(await applyOne(admin, action)))));
    }
  }
  return outcomes;
}

/**
 * Creates topics in one request: a migration's hundreds of new topics take a few requests, not
 * hundreds. A request that fails for any topic is no outcome for the others, so then each topic is
 * created on its own (those the request did create answer TOPIC_ALREADY_EXISTS, which counts as done).
 */
async function createTogether(admin: KafkaAdmin, batch: ReadonlyArray<Extract<PlanAction, { kind: 'CreateTopic' }>>, reported: (o: ActionOutcome) => ActionOutcome): Promise<ActionOutcome[]> {
  const started = Date.now();
  try {
    await admin.createTopics(batch.map(newTopicOf));
  } catch {
    return mapLimit(batch, CONCURRENCY, async (action) => reported(await applyOne(admin, action)));
  }
  const ms = Date.now() - started;
  return batch.map((action) => reported({ action, ok: true, ms }));
}

const newTopicOf = (action: Extract<PlanAction, { kind: 'CreateTopic' }>) => ({ name: action.topic, partitions: action.partitions, replicationFactor: action.replicationFactor, configs: action.configs });

/** Consecutive runs of one kind (the plan lists actions grouped by kind, in apply order). */
function phasesOf(actions: readonly PlanAction[]): PlanAction[][] {
  const phases: PlanAction[][] = [];
  let kind: PlanActionKind | undefined;
  for (const action of actions) {
    if (action.kind !== kind) phases.push([]);
    kind = action.kind;
    phases.at(-1)!.push(action);
  }
  return phases;
}

async function applyOne(admin: KafkaAdmin, action: PlanAction): Promise<ActionOutcome> {
  const started = Date.now();
  try {
    await perform(admin, action);
    return { action, ok: true, ms: Date.now() - started };
  } catch (err) {
    const ms = Date.now() - started;
    // A topic another creator made between our snapshot and this request is what we wanted.
    if (action.kind === 'CreateTopic' && err instanceof KafkaClientError && err.code === 'TOPIC_ALREADY_EXISTS') return { action, ok: true, ms };
    if (err instanceof KafkaClientError) return { action, ok: false, ms, code: err.code, retriable: err.retriable, message: `${err.operation}: ${err.detail}` };
    return { action, ok: false, ms, code: 'CLIENT', retriable: false, message: err instanceof Error ? err.message : String(err) };
  }
}

function perform(admin: KafkaAdmin, action: PlanAction): Promise<unknown> {
  switch (action.kind) {
    case 'CreateTopic':
      return admin.createTopics([newTopicOf(action)]);
    case 'CreatePartitions':
      return admin.createPartitions([{ topic: action.topic, totalCount: action.totalCount }]);
    case 'AlterTopicConfigs':
      return admin.incrementalAlterConfigs(action.topic, action.changes.map(toPortConfigChange));
    case 'CreateAcls':
      return admin.createAcls([...action.acls]);
    case 'DeleteAcls':
      // Exact bindings: a filter with every field set matches that binding only.
      return admin.deleteAcls([...action.acls]);
    case 'SetGroupOffsets':
      return admin.alterGroupOffsets(action.group, action.offsets.map(toPortOffset));
  }
}

/** One line per action for logs: what and where, never config values (they may be sensitive-ish). */
export function describeAction(action: PlanAction): Record<string, unknown> {
  switch (action.kind) {
    case 'CreateTopic':
      return { kind: action.kind, topic: action.topic, partitions: action.partitions, replicationFactor: action.replicationFactor, configs: Object.keys(action.configs) };
    case 'CreatePartitions':
      return { kind: action.kind, topic: action.topic, totalCount: action.totalCount };
    case 'AlterTopicConfigs':
      return { kind: action.kind, topic: action.topic, changes: action.changes.map((c) => `${c.op} ${c.name}`) };
    case 'CreateAcls':
    case 'DeleteAcls':
      return { kind: action.kind, acls: action.acls.map((a) => `${a.permission} ${a.principal} ${a.operation} ${a.resourceType}:${a.patternType}:${a.resourceName}`) };
    case 'SetGroupOffsets':
      return { kind: action.kind, group: action.group, offsets: action.offsets.map((o) => `${o.topic}-${o.partition}@${o.offset}`) };
  }
}
