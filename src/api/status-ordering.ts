import type { Condition } from './condition.schema.ts';
import { CONDITION_TYPE_ORDER } from './conditions.ts';
import { STATUS_LIST_LIMIT } from './mirrorjob-status.schema.ts';
import type { FailedGroup, MirrorJobStatus, TopicLag } from './mirrorjob-status.schema.ts';

// Status is written only when it changed. Lists built from maps, broker responses or parallel
// work arrive in any order, so every list is put in one canonical order (and cut to its bound)
// before comparing: an unchanged world then yields a byte-identical status and no write.

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Known condition types in their documented order, then any others by name. */
export function sortConditions(conditions: readonly Condition[]): Condition[] {
  const rank = (type: string): number => {
    const index = CONDITION_TYPE_ORDER.indexOf(type);
    return index === -1 ? CONDITION_TYPE_ORDER.length : index;
  };
  return [...conditions].sort((a, b) => rank(a.type) - rank(b.type) || compareText(a.type, b.type));
}

/** The lagging topics to show: largest lag first, ties by name, zero-lag topics left out, bounded. */
export function topLaggingTopics(topics: readonly TopicLag[], limit: number = STATUS_LIST_LIMIT): TopicLag[] {
  return topics
    .filter((topic) => topic.records > 0)
    .sort((a, b) => b.records - a.records || compareText(a.name, b.name))
    .slice(0, limit);
}

/** The failed groups to show: by group id, then reason, bounded. */
export function boundFailedGroups(failed: readonly FailedGroup[], limit: number = STATUS_LIST_LIMIT): FailedGroup[] {
  return [...failed].sort((a, b) => compareText(a.group, b.group) || compareText(a.reason, b.reason)).slice(0, limit);
}

/** The status with every list in canonical order and within its bound. Pure; input untouched. */
export function normalizeStatus(status: MirrorJobStatus): MirrorJobStatus {
  return {
    ...status,
    ...(status.conditions && { conditions: sortConditions(status.conditions) }),
    ...(status.lag && { lag: { ...status.lag, topTopics: topLaggingTopics(status.lag.topTopics) } }),
    ...(status.groups && { groups: { ...status.groups, failed: boundFailedGroups(status.groups.failed) } }),
  };
}

/** JSON with object keys sorted, so equal values give equal text whatever order keys were set in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => compareText(a, b)))
      : inner,
  );
}

/** True when two statuses are the same once normalised: the test before every status write. */
export function isSameStatus(a: MirrorJobStatus | undefined, b: MirrorJobStatus | undefined): boolean {
  return canonicalJson(a && normalizeStatus(a)) === canonicalJson(b && normalizeStatus(b));
}
