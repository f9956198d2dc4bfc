import { ResponseError } from '@platformatic/kafka';
import { refusedPartitions } from '../../../src/kafka/wire/transactions.ts';

/** An AddPartitionsToTxn answer as the library reports it: a ResponseError keeping the whole answer. */
function refusal(topics: Array<{ name: string; partitions: Array<[number, number]> }>): ResponseError {
  const response = {
    throttleTimeMs: 0,
    errorCode: 0,
    resultsByTransaction: [{ transactionalId: '', topicResults: topics.map((t) => ({ name: t.name, resultsByPartition: t.partitions.map(([partitionIndex, partitionErrorCode]) => ({ partitionIndex, partitionErrorCode })) })) }],
  };
  const errors = Object.fromEntries(topics.flatMap((t, j) => t.partitions.filter(([, code]) => code !== 0).map(([, code], k) => [`/results_by_transaction/0/topic_results/${j}/results_by_partitions/${k}`, [code, null] as [number, null]])));
  return new ResponseError(24, 3, errors, response);
}

describe('refusedPartitions (AddPartitionsToTxn)', () => {
  it('names each refused partition with its error, leaving out those not attempted because of another', () => {
    const err = refusal([
      { name: 'orders', partitions: [[0, 29], [1, 29]] },
      { name: '__kafka-mirror.ns.job.checkpoints', partitions: [[0, 55]] },
      { name: 'payments', partitions: [[0, 0]] },
    ]);
    expect(refusedPartitions(err)).toEqual([
      { topic: 'orders', partition: 0, errorCode: 29 },
      { topic: 'orders', partition: 1, errorCode: 29 },
    ]);
  });

  it('finds nothing in an error that carries no answer', () => {
    expect(refusedPartitions(new Error('connection reset'))).toEqual([]);
    expect(refusedPartitions(undefined)).toEqual([]);
  });
});
