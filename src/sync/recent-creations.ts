import type { PlanAction } from '../planner/plan.ts';

/** Long enough for a broker to make the logs of a migration's topics; measured at 7 s for 2,000 partitions on 2 cores. */
const GRACE_MS = 60_000;

/**
 * Topic creations and partition additions this process applied, which the target may not list yet.
 *
 * A broker answers CreateTopics once its controller has recorded the topics, and lists them only once
 * it has made their logs. On the 2-core bench machine (Kafka 4.1.2, KRaft), 360 topics with 2,000
 * partitions were answered in 0.7 s and listed over the next 7 s. A pass or a topic discovery in
 * between would plan them again, and the broker's TOPIC_ALREADY_EXISTS would be counted and logged as
 * one more creation. Such actions are left out for a grace period; one the target still lacks after
 * it (a topic deleted on the target meanwhile) is planned again.
 */
export class RecentCreations {
  readonly #appliedAt = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Notes an action the target accepted. */
  applied(action: PlanAction): void {
    const key = keyOf(action);
    if (key !== undefined) this.#appliedAt.set(key, this.#now());
  }

  /** `actions` without the creations and additions applied within the grace period. */
  withoutRecent<A extends PlanAction>(actions: readonly A[]): A[] {
    const now = this.#now();
    for (const [key, at] of this.#appliedAt) if (now - at >= GRACE_MS) this.#appliedAt.delete(key);
    return actions.filter((a) => {
      const key = keyOf(a);
      return key === undefined || !this.#appliedAt.has(key);
    });
  }
}

/** A partition addition is the same action only with the same total: a later, larger one is new. */
function keyOf(action: PlanAction): string | undefined {
  if (action.kind === 'CreateTopic') return `topic ${action.topic}`;
  if (action.kind === 'CreatePartitions') return `partitions ${action.topic} ${action.totalCount}`;
  return undefined;
}
