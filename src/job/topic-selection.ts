import type { TopicSelection } from '../api/topics.schema.ts';
import { compileNamePattern } from '../api/name-pattern.ts';

// MirrorMaker 2's own state: offset syncs, Connect's config/status/offset topics, checkpoints.
const MIRROR_MAKER_2_INTERNAL = /^(?:mm2-(?:offset-syncs|configs|status|offsets)\..*\.internal|.*\.checkpoints\.internal|heartbeats)$/;

/**
 * Topics no job ever mirrors, whatever the filters say: Kafka's own (`__consumer_offsets`,
 * `__transaction_state`), every mirror job's state (`__kafka-mirror.*`), and MirrorMaker 2's, so a
 * cluster that MirrorMaker 2 used to serve is migrated without its leftovers. `heartbeats` is matched
 * exactly: `<alias>.heartbeats` may as well be an application's topic.
 */
export function isInternalTopic(name: string): boolean {
  return name.startsWith('__') || MIRROR_MAKER_2_INTERNAL.test(name);
}

/** An include/exclude pair compiled once (full-name match, as validation does). */
export function compileNameFilter(include: readonly string[], exclude: readonly string[]): (name: string) => boolean {
  const includes = include.map(compileNamePattern);
  const excludes = exclude.map(compileNamePattern);
  return (name) => includes.some((p) => p.test(name)) && !excludes.some((p) => p.test(name));
}

/** Whether a source topic name is one this job mirrors (existing or not: ACLs may precede topics). */
export function topicMatcher(selection: Pick<TopicSelection, 'include' | 'exclude'>): (name: string) => boolean {
  const matches = compileNameFilter(selection.include, selection.exclude);
  return (name) => !isInternalTopic(name) && matches(name);
}

/** The source topics to mirror, sorted. Empty topics are included: a topic's existence is what is mirrored. */
export function selectMirroredTopics(selection: Pick<TopicSelection, 'include' | 'exclude'>, sourceTopics: Iterable<string>): string[] {
  const matches = topicMatcher(selection);
  // sort() without a comparator orders by code units, as the planner's lists are (planner/ordering.ts).
  return [...sourceTopics].filter(matches).sort();
}
