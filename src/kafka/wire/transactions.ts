import { addPartitionsToTxnV3, describeTransactionsV0, endTxnV3, findCoordinatorV3, initProducerIdV3, type Connection } from '@platformatic/kafka';

/**
 * The transaction requests of the target side, at versions every supported target serves (Kafka 3.x
 * and 4.x). The request codecs are the library's; what the worker does with them is ours.
 */

const TRANSACTION_COORDINATOR = 1;

export interface ProducerIdentity {
  producerId: bigint;
  producerEpoch: number;
}

export async function findTransactionCoordinator(connection: Connection, transactionalId: string): Promise<{ host: string; port: number; nodeId: number }> {
  const res = await findCoordinatorV3.api.async(connection, TRANSACTION_COORDINATOR, [transactionalId]);
  const c = res.coordinators[0]!;
  return { host: c.host, port: c.port, nodeId: c.nodeId };
}

/**
 * InitProducerId. With a transactional id this is also the fence: the coordinator bumps the epoch,
 * aborts any transaction the previous holder left open, and refuses the previous holder from then on.
 *
 * `previous` is the identity the caller held (KIP-360, Kafka 2.5+). The coordinator then bumps only
 * from that epoch, refusing with PRODUCER_FENCED when another holder moved it; and when it already
 * bumped from it, for a request of ours whose answer was lost, it answers that bump again.
 */
export async function initProducerId(connection: Connection, transactionalId: string | null, transactionTimeoutMs: number, previous?: ProducerIdentity): Promise<ProducerIdentity> {
  const res = await initProducerIdV3.api.async(connection, transactionalId, transactionTimeoutMs, previous?.producerId, previous?.producerEpoch);
  return { producerId: res.producerId, producerEpoch: res.producerEpoch };
}

/** A transactional id as its coordinator holds it (DescribeTransactions, Kafka 3.0+). */
export interface TransactionDescription {
  /** Kafka's name for it: Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort, PrepareEpochFence, Dead. */
  state: string;
  producerId: bigint;
  producerEpoch: number;
}

export async function describeTransaction(connection: Connection, transactionalId: string): Promise<TransactionDescription> {
  const res = await describeTransactionsV0.api.async(connection, [transactionalId]);
  const t = res.transactionStates[0]!;
  return { state: t.transactionState, producerId: t.producerId, producerEpoch: t.producerEpoch };
}

export async function addPartitionsToTransaction(
  connection: Connection,
  transactionalId: string,
  producer: ProducerIdentity,
  partitions: Array<{ topic: string; partition: number }>,
): Promise<void> {
  const byTopic = new Map<string, number[]>();
  for (const p of partitions) {
    const list = byTopic.get(p.topic);
    if (list) list.push(p.partition);
    else byTopic.set(p.topic, [p.partition]);
  }
  await addPartitionsToTxnV3.api.async(connection, [
    { transactionalId, producerId: producer.producerId, producerEpoch: producer.producerEpoch, verifyOnly: false, topics: [...byTopic].map(([name, parts]) => ({ name, partitions: parts })) },
  ]);
}

/** A partition the target refused to add to the transaction, with Kafka's error code. */
export interface RefusedPartition {
  topic: string;
  partition: number;
  errorCode: number;
}

/** OPERATION_NOT_ATTEMPTED: refused only because another partition of the same request was. */
const OPERATION_NOT_ATTEMPTED = 55;

/**
 * The partitions an AddPartitionsToTxn answer refused (the library's ResponseError keeps the answer),
 * leaving out those not attempted because of another's refusal. Empty for any other error.
 */
export function refusedPartitions(err: unknown): RefusedPartition[] {
  type Answer = { resultsByTransaction?: Array<{ topicResults?: Array<{ name: string; resultsByPartition: Array<{ partitionIndex: number; partitionErrorCode: number }> }> }> };
  const answer = (err as { response?: Answer } | undefined)?.response;
  return (answer?.resultsByTransaction ?? []).flatMap((t) =>
    (t.topicResults ?? []).flatMap((topic) =>
      topic.resultsByPartition
        .filter((p) => p.partitionErrorCode !== 0 && p.partitionErrorCode !== OPERATION_NOT_ATTEMPTED)
        .map((p) => ({ topic: topic.name, partition: p.partitionIndex, errorCode: p.partitionErrorCode })),
    ),
  );
}

export async function endTransaction(connection: Connection, transactionalId: string, producer: ProducerIdentity, commit: boolean): Promise<void> {
  await endTxnV3.api.async(connection, transactionalId, producer.producerId, producer.producerEpoch, commit);
}
