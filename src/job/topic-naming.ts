import type { TopicNaming } from '../api/topics.schema.ts';

/** Kafka's limit on topic names (Topic.MAX_NAME_LENGTH). */
export const MAX_TOPIC_NAME_LENGTH = 249;

/** The target name of a source topic; ACL resource names (literal and prefixed) map the same way. */
export function targetTopicName(naming: TopicNaming, sourceName: string): string {
  return naming.policy === 'Prefix' ? `${naming.prefix ?? ''}${sourceName}` : sourceName;
}

/** The naming policy as a function, compiled once (the data path names every partition with it). */
export function targetTopicNamer(naming: TopicNaming): (sourceName: string) => string {
  return (sourceName) => targetTopicName(naming, sourceName);
}

/** The source name a target topic would mirror, or undefined when no source name maps onto it. */
export function sourceTopicName(naming: TopicNaming, targetName: string): string | undefined {
  if (naming.policy !== 'Prefix') return targetName;
  const prefix = naming.prefix ?? '';
  // The bare prefix would map from an empty name, which Kafka does not allow.
  return targetName.startsWith(prefix) && targetName.length > prefix.length ? targetName.slice(prefix.length) : undefined;
}
