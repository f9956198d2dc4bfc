import { MirrorError } from '../../errors/mirror-error.ts';
import { isAuthorizationFailure } from '../kafka-client.port.ts';

/**
 * The Kafka protocol error codes the data path acts on (from Kafka's Errors.java), grouped by what
 * the worker does about them.
 */
export const KafkaErrorCode = {
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  MESSAGE_TOO_LARGE: 10,
  NETWORK_EXCEPTION: 13,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  RECORD_LIST_TOO_LARGE: 18,
  NOT_ENOUGH_REPLICAS: 19,
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 20,
  INVALID_TIMESTAMP: 32,
  INVALID_PRODUCER_EPOCH: 47,
  INVALID_TXN_STATE: 48,
  INVALID_PRODUCER_ID_MAPPING: 49,
  TOPIC_AUTHORIZATION_FAILED: 29,
  CLUSTER_AUTHORIZATION_FAILED: 31,
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 53,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  DUPLICATE_SEQUENCE_NUMBER: 46,
  CONCURRENT_TRANSACTIONS: 51,
  KAFKA_STORAGE_ERROR: 56,
  UNKNOWN_PRODUCER_ID: 59,
  FETCH_SESSION_ID_NOT_FOUND: 70,
  INVALID_FETCH_SESSION_EPOCH: 71,
  FENCED_LEADER_EPOCH: 74,
  UNKNOWN_LEADER_EPOCH: 75,
  OFFSET_NOT_AVAILABLE: 78,
  INVALID_RECORD: 87,
  PRODUCER_FENCED: 90,
  POLICY_VIOLATION: 44,
  TRANSACTION_ABORTABLE: 120,
} as const;

const names = new Map<number, string>(Object.entries(KafkaErrorCode).map(([name, code]) => [code, name]));

export const errorName = (code: number): string => names.get(code) ?? `KAFKA_ERROR_${code}`;

/** The target refuses the records themselves: retrying the same bytes can never succeed. */
export const refusesRecords = (code: number): boolean =>
  code === KafkaErrorCode.MESSAGE_TOO_LARGE ||
  code === KafkaErrorCode.RECORD_LIST_TOO_LARGE ||
  code === KafkaErrorCode.INVALID_TIMESTAMP ||
  code === KafkaErrorCode.INVALID_RECORD ||
  code === KafkaErrorCode.CORRUPT_MESSAGE ||
  code === KafkaErrorCode.POLICY_VIOLATION;

/** Another producer took over our transactional id: this worker must stop writing. */
export const isFenced = (code: number): boolean =>
  code === KafkaErrorCode.PRODUCER_FENCED || code === KafkaErrorCode.INVALID_PRODUCER_EPOCH;

/** A permission is missing: a condition for the user, not a retry loop (the one predicate, by name). */
export const isAuthorizationError = (code: number): boolean => isAuthorizationFailure(errorName(code));

/** Error carrying a Kafka error code from our own wire requests; `reason` is Kafka's name for it. */
export class KafkaProtocolError extends MirrorError {
  readonly code: number;
  constructor(code: number, context: string, retriable = !refusesRecords(code) && !isFenced(code) && !isAuthorizationError(code)) {
    super(`${context}: ${errorName(code)}`, { reason: errorName(code), retriable });
    this.code = code;
  }
}

/**
 * Kafka's error name behind any failure of ours or of the library: a MirrorError's reason, or the code
 * inside one of the library's response errors; undefined when there is none.
 */
export function kafkaReasonOf(err: unknown): string | undefined {
  if (err instanceof MirrorError) return err.reason;
  const code = kafkaErrorCode(err);
  return code === undefined ? undefined : errorName(code);
}

/** The Kafka error code inside one of the library's response errors, if there is one. */
export function kafkaErrorCode(err: unknown): number | undefined {
  const errors = (err as { errors?: Array<{ apiCode?: unknown }> } | undefined)?.errors;
  const code = errors?.find((e) => typeof e.apiCode === 'number')?.apiCode;
  return typeof code === 'number' ? code : undefined;
}
