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
  TOPIC_AUTHORIZATION_FAILED: 29,
  CLUSTER_AUTHORIZATION_FAILED: 31,
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 53,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  DUPLICATE_SEQUENCE_NUMBER: 46,
  CONCURRENT_TRANSACTIONS: 51,
  KAFKA_STORAGE_ERROR: 56,
  UNKNOWN_PRODUCER_ID: 59,
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

/** A permission is missing: a condition for the user, not a retry loop. */
export const isAuthorizationError = (code: number): boolean =>
  code === KafkaErrorCode.TOPIC_AUTHORIZATION_FAILED ||
  code === KafkaErrorCode.CLUSTER_AUTHORIZATION_FAILED ||
  code === KafkaErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;

/** Error carrying a Kafka error code, with Kafka's own name for it in the message. */
export class KafkaProtocolError extends Error {
  readonly code: number;
  readonly retriable: boolean;
  constructor(code: number, context: string, retriable = !refusesRecords(code) && !isFenced(code) && !isAuthorizationError(code)) {
    super(`${context}: ${errorName(code)}`);
    this.name = 'KafkaProtocolError';
    this.code = code;
    this.retriable = retriable;
  }
}
