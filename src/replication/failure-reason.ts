import { type ClusterLink, toKafkaClientError } from '../kafka/index.ts';

/** How long a cluster has to answer before the reason names it unreachable. */
const ANSWER_TIMEOUT_MS = 5_000;

/** Failures that may mean a cluster is out of reach: the connection's own, not a broker's answer. */
const MAYBE_UNREACHABLE = new Set(['NETWORK', 'TIMEOUT', 'CLIENT', 'NETWORK_EXCEPTION', 'REQUEST_TIMED_OUT']);

/** Whether a failure (by its code) may be a cluster out of reach, something that passes by itself. */
export const mayBeUnreachable = (code: string): boolean => MAYBE_UNREACHABLE.has(code);

/**
 * A failure as the user reads it on /status and in conditions: Kafka's error name first (conditions
 * match on it), then, when the failure may be a cluster out of reach, which cluster does not answer.
 * A closed connection does not say which side it led to, so both clusters are asked.
 */
export async function failureReason(operation: string, err: unknown, clusters: { source: ClusterLink; target: ClusterLink }): Promise<string> {
  const failure = toKafkaClientError(operation, err);
  if (!mayBeUnreachable(failure.code)) return failure.summary;
  const sides = [['source', clusters.source], ['target', clusters.target]] as const;
  const answered = await Promise.all(sides.map(([, link]) => link.answers(ANSWER_TIMEOUT_MS)));
  const silent = sides.filter((_, i) => !answered[i]).map(([side, link]) => `the ${side} (${link.servers})`);
  return silent.length === 0 ? failure.summary : `${failure.summary}; no answer from ${silent.join(' or ')}`;
}
