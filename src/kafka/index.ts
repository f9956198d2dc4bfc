/**
 * The Kafka boundary: everything the rest of the project may use of Kafka, in the project's own types.
 * Nothing outside src/kafka imports @platformatic/kafka or a file of src/kafka other than this one
 * (eslint.config.js enforces it), so a change of client library, of a request version or of the batch
 * format stays inside this folder. See docs/architecture.md.
 */

// Admin: the port (types, errors) and its adapter on @platformatic/kafka.
export * from './kafka-client.port.ts';
export { PlatformaticAdmin } from './platformatic-admin.adapter.ts';
export { mapErrors, toKafkaClientError } from './platformatic-errors.ts';
export { clientCertificateDates } from './client-certificate.ts';

// The data path's view of a cluster, and the requests it builds itself.
export { ClusterLink, EARLIEST, LATEST, type BrokerConnection, type ClusterAccess, type PartitionLeader } from './cluster-link.ts';
export type { TopicLayout } from './wire/raw-metadata.ts';
export { errorName, isAuthorizationError, isFenced, kafkaErrorCode, kafkaReasonOf, KafkaErrorCode, KafkaProtocolError, refusesRecords } from './wire/kafka-error-codes.ts';
export { fetchInSession, fetchRaw, ReadCommitted, type FetchedPartition, type FetchOptions, type FetchPartitionRequest } from './wire/raw-fetch.ts';
export { FetchSession, type FetchPosition } from './wire/fetch-session.ts';
export { produceRaw, type ProduceBatch, type ProducedPartition } from './wire/raw-produce.ts';
export { addPartitionsToTransaction, describeTransaction, endTransaction, findTransactionCoordinator, initProducerId, refusedPartitions, type ProducerIdentity, type RefusedPartition, type TransactionDescription } from './wire/transactions.ts';

// Record batches (magic v2): split, filter, forward as they are, or decode and encode again.
export type { MirrorRecord } from './batches/mirror-record.ts';
export { compressionOf, isForwardable, splitBatches, type RawBatch } from './batches/raw-batch.ts';
export { committedBatches, type AbortedTransaction } from './batches/read-committed.ts';
export { decodeRecords } from './batches/decode-records.ts';
export { encodeBatch } from './batches/encode-batch.ts';
export { joinBatches } from './batches/join-batches.ts';
export { restampBatch, type ProducerStamp } from './batches/restamp-batch.ts';
