/**
 * Metadata records a CreateTopics request may write, at most. The KRaft controller refuses a request
 * over 10,000 records or 10,000 partitions (Kafka 4.1's MAX_RECORDS_PER_USER_OP and
 * MAX_PARTITIONS_PER_BATCH); half of that leaves room for records we do not count.
 */
export const CREATE_BATCH_RECORDS = 5_000;
/**
 * Topics a CreateTopics request holds, at most: in practice the record limit decides. Few requests
 * are listed sooner: a KRaft broker lists one request's topics together and makes all their logs
 * before it lists the next request's (360 topics / 2,000 partitions: listed 4 s after the start in one
 * request, 13-16 s in requests of 100). Partitions listed before their log exists wait for it in the
 * worker (replication/sink/target-ends.ts), so the copy loses nothing by it (docs/benchmarks/metadata-scale.md).
 */
export const CREATE_BATCH_TOPICS = 1_000;

/** What a new topic costs the controller: a TopicRecord, a PartitionRecord per partition and a ConfigRecord per config. */
export interface TopicToCreate {
  partitions: number;
  configs: Record<string, string>;
}

const recordsOf = (t: TopicToCreate): number => 1 + t.partitions + Object.keys(t.configs).length;

/**
 * Splits new topics into CreateTopics requests, in their order: at most CREATE_BATCH_TOPICS topics
 * and CREATE_BATCH_RECORDS records each, so that the controller takes every request (100 topics of
 * 120 partitions would be over its limit). A topic over the record limit alone goes in a request of
 * its own, which the controller refuses with an error naming it.
 */
export function createBatches<T extends TopicToCreate>(topics: readonly T[], limits = { topics: CREATE_BATCH_TOPICS, records: CREATE_BATCH_RECORDS }): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let records = 0;
  for (const topic of topics) {
    const cost = recordsOf(topic);
    if (current.length > 0 && (records + cost > limits.records || current.length >= limits.topics)) {
      batches.push(current);
      current = [];
      records = 0;
    }
    current.push(topic);
    records += cost;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
