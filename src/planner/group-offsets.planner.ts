import type { MirrorJobSpec } from '../api/mirrorjob-spec.schema.ts';
import type { ClusterSnapshot, CommittedOffset, GroupSnapshot } from './cluster-snapshot.ts';
import { compareStrings, sortedByKeys } from './ordering.ts';
import type { GroupOutcome, GroupReport, SetGroupOffsets } from './plan.ts';
import { targetTopicName } from '../job/topic-naming.ts';
import { compileNameFilter } from '../job/topic-selection.ts';

/** Why a committed source offset has no target offset: the same shape as the replication offset map's. */
export type UntranslatableReason = 'BeforeMirroredRange' | 'BeforeTranslationHorizon' | 'NotYetMirrored' | 'SegmentNotLoaded';
export type OffsetTranslation = { ok: true; target: number } | { ok: false; reason: UntranslatableReason };
/** Provided by the replication worker, which holds the source -> target offset map; must be pure for one pass. */
export type TranslateOffset = (sourceTopic: string, partition: number, committedOffset: number) => OffsetTranslation;

export type GroupsSpec = Pick<MirrorJobSpec, 'groups' | 'topics'>;

export interface GroupOffsetsPlan {
  actions: SetGroupOffsets[];
  groups: GroupReport[];
}

interface GroupTally {
  toSet: CommittedOffset[];
  upToDate: number;
  ahead: string[];
  untranslatable: string[];
}

/** Kafka refuses OffsetCommit from an admin while a group has members or is mid-rebalance. */
function isActive(group: GroupSnapshot): boolean {
  return group.memberCount > 0 || (group.state !== 'Empty' && group.state !== 'Dead');
}

/**
 * Committed offsets of matched groups on mirrored topics, translated to the target. Only groups with
 * a committed offset on a mirrored topic are considered. `targetPartitionsAfter` is the target's
 * partition count per topic once the topic actions of the same plan are applied.
 */
export function planGroupOffsets(
  spec: GroupsSpec,
  source: ClusterSnapshot,
  target: ClusterSnapshot,
  mirroredTopics: readonly string[],
  targetPartitionsAfter: ReadonlyMap<string, number>,
  translate: TranslateOffset,
): GroupOffsetsPlan {
  const plan: GroupOffsetsPlan = { actions: [], groups: [] };
  if (!spec.groups.syncOffsets) return plan;
  const matches = compileNameFilter(spec.groups.include, spec.groups.exclude);
  const mirrored = new Set(mirroredTopics);
  for (const groupId of [...source.groups.keys()].sort(compareStrings)) {
    const offsets = (source.groups.get(groupId)?.offsets ?? []).filter((o) => mirrored.has(o.topic) && o.offset >= 0);
    if (!matches(groupId) || offsets.length === 0) continue;
    const onTarget = target.groups.get(groupId);
    if (onTarget !== undefined && isActive(onTarget)) {
      const detail = `${onTarget.memberCount} active member(s) on the target (state ${onTarget.state}); Kafka refuses offsets for an active group`;
      plan.groups.push({ group: groupId, outcome: 'SkippedActiveOnTarget', detail });
      continue;
    }
    const tally = tallyPartitions(spec, offsets, onTarget, targetPartitionsAfter, translate);
    if (tally.toSet.length > 0) plan.actions.push({ kind: 'SetGroupOffsets', group: groupId, offsets: tally.toSet });
    plan.groups.push({ group: groupId, ...outcomeOf(tally) });
  }
  return plan;
}

function tallyPartitions(
  spec: GroupsSpec,
  offsets: readonly CommittedOffset[],
  onTarget: GroupSnapshot | undefined,
  targetPartitionsAfter: ReadonlyMap<string, number>,
  translate: TranslateOffset,
): GroupTally {
  const tally: GroupTally = { toSet: [], upToDate: 0, ahead: [], untranslatable: [] };
  const committedOnTarget = new Map((onTarget?.offsets ?? []).map((o) => [`${o.topic}\u0000${o.partition}`, o.offset]));
  for (const { topic, partition, offset } of sortedByKeys(offsets, (o) => [o.topic, o.partition])) {
    const targetTopic = targetTopicName(spec.topics.naming, topic);
    if (partition >= (targetPartitionsAfter.get(targetTopic) ?? 0)) {
      tally.untranslatable.push(`${topic}-${partition}: NotYetMirrored (no such partition on the target)`);
      continue;
    }
    const translation = translate(topic, partition, offset);
    if (!translation.ok) {
      tally.untranslatable.push(`${topic}-${partition}: ${translation.reason} (source offset ${offset})`);
      continue;
    }
    const current = committedOnTarget.get(`${targetTopic}\u0000${partition}`);
    // Moving a committed offset backwards makes its consumers read again what they already processed.
    if (current !== undefined && current > translation.target) tally.ahead.push(`${targetTopic}-${partition}: target at ${current}, translated ${translation.target}`);
    else if (current === translation.target) tally.upToDate += 1;
    else tally.toSet.push({ topic: targetTopic, partition, offset: translation.target });
  }
  return tally;
}

const MAX_DETAIL_ITEMS = 5;

function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_DETAIL_ITEMS).join('; ');
  return items.length > MAX_DETAIL_ITEMS ? `${shown}; and ${items.length - MAX_DETAIL_ITEMS} more` : shown;
}

/** One outcome per group: anything to write wins, then what blocks progress, then what is only informative. */
function outcomeOf(tally: GroupTally): { outcome: GroupOutcome; detail: string; untranslated?: number } {
  const notes = [
    tally.untranslatable.length > 0 ? `not yet translatable: ${listed(tally.untranslatable)}` : '',
    tally.ahead.length > 0 ? `already ahead: ${listed(tally.ahead)}` : '',
  ].filter((note) => note !== '');
  const rest = notes.length > 0 ? `; ${notes.join('; ')}` : '';
  const untranslated = tally.untranslatable.length > 0 ? { untranslated: tally.untranslatable.length } : {};
  if (tally.toSet.length > 0) return { outcome: 'Synced', detail: `${tally.toSet.length} partition(s) to set${rest}`, ...untranslated };
  if (tally.untranslatable.length > 0) return { outcome: 'NotYetTranslatable', detail: notes.join('; '), ...untranslated };
  if (tally.ahead.length > 0) return { outcome: 'AlreadyAhead', detail: notes.join('; ') };
  return { outcome: 'UpToDate', detail: `${tally.upToDate} partition(s) up to date` };
}
