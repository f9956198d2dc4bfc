/**
 * The one error base of the project. `reason` is what a condition, a log line or a person matches on:
 * Kafka's error name for a Kafka failure (TOPIC_AUTHORIZATION_FAILED, NETWORK, ...), a CamelCase name
 * otherwise (SecretNotFound, Fenced). `retriable` says whether the same call may succeed later,
 * unchanged: the operator's queue backs off and retries those; the others wait for a change (a spec,
 * a Secret, a grant) and are reported.
 */
export class MirrorError extends Error {
  readonly reason: string;
  readonly retriable: boolean;

  constructor(message: string, options: { reason: string; retriable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.reason = options.reason;
    this.retriable = options.retriable;
  }
}
