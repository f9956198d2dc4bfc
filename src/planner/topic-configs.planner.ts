import type { TopicConfigsSync } from '../api/topic-configs.schema.ts';
import type { ConfigValue, TopicSnapshot } from './cluster-snapshot.ts';
import { configFateOnTarget } from './config-compatibility.ts';
import { compareStrings, sortedBy } from './ordering.ts';
import type { ConfigChange, MappedConfig, SkippedConfig } from './plan.ts';
import { compileNameFilter } from '../job/topic-selection.ts';

/** The configs one target topic should carry, and what of the source's could not be carried. */
export interface DesiredTopicConfigs {
  /** Target config name -> value. */
  configs: Map<string, string>;
  /** Every config the source topic sets, written or not: the target keeps its own value of these. */
  sourceSets: Set<string>;
  skipped: SkippedConfig[];
  mapped: MappedConfig[];
}

/** The spec's exclusion list as one predicate (full-name patterns, like every filter). */
export function configExclusion(spec: Pick<TopicConfigsSync, 'exclude'>): (name: string) => boolean {
  return compileNameFilter(spec.exclude, []);
}

function topicOverrides(topic: TopicSnapshot): [string, ConfigValue][] {
  return sortedBy(
    [...topic.configs].filter(([, config]) => config.source === 'TopicOverride'),
    ([name]) => name,
  );
}

/**
 * Only the topic's own overrides are copied: an inherited value belongs to the source's brokers, and
 * copying it would pin the target to them. Read-only and sensitive values cannot be copied faithfully.
 */
export function desiredTopicConfigs(
  targetTopic: string,
  source: TopicSnapshot,
  isExcluded: (name: string) => boolean,
  targetVersion: string | undefined,
): DesiredTopicConfigs {
  const desired: DesiredTopicConfigs = { configs: new Map(), sourceSets: new Set(), skipped: [], mapped: [] };
  const overrides = topicOverrides(source);
  for (const [name] of overrides) desired.sourceSets.add(name);
  for (const [name, config] of overrides) {
    if (isExcluded(name)) continue;
    const skip = (reason: SkippedConfig['reason'], detail: string) => desired.skipped.push({ topic: targetTopic, config: name, reason, detail });
    if (config.readOnly) skip('ReadOnly', `${name} is read-only on the source`);
    else if (config.sensitive || config.value === null) skip('Sensitive', `${name} is sensitive: its value cannot be read`);
    else carryConfig(desired, targetTopic, name, config.value, isExcluded, targetVersion);
  }
  return desired;
}

function carryConfig(
  desired: DesiredTopicConfigs,
  topic: string,
  name: string,
  value: string,
  isExcluded: (name: string) => boolean,
  targetVersion: string | undefined,
): void {
  const fate = configFateOnTarget(name, targetVersion);
  if (fate.kind === 'Keep') desired.configs.set(name, value);
  else if (fate.kind === 'Skip') desired.skipped.push({ topic, config: name, reason: fate.reason, detail: fate.detail });
  else {
    // A replacement the source also sets explicitly wins over the mapped old value.
    const to = fate.to.filter((replacement) => !isExcluded(replacement) && !desired.sourceSets.has(replacement));
    for (const replacement of to) desired.configs.set(replacement, value);
    desired.mapped.push({ topic, from: name, to: [...to], detail: fate.detail });
  }
}

/**
 * Incremental changes that make the target topic's own overrides equal `desired`. A target override
 * the source no longer sets is deleted (the target then inherits, as the source does), except for
 * excluded configs, which belong to the target, and for values the source sets but could not give.
 */
export function planTopicConfigChanges(desired: DesiredTopicConfigs, target: TopicSnapshot, isExcluded: (name: string) => boolean): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const targetOverrides = new Map(topicOverrides(target));
  for (const [name, value] of desired.configs) {
    if (targetOverrides.get(name)?.value !== value) changes.push({ op: 'Set', name, value });
  }
  for (const [name, config] of targetOverrides) {
    const keep = desired.configs.has(name) || desired.sourceSets.has(name) || isExcluded(name) || config.readOnly;
    if (!keep) changes.push({ op: 'Delete', name });
  }
  return changes.sort((a, b) => compareStrings(a.name, b.name));
}
