/**
 * Metadata records a CreateTopics request may write, at most. The KRaft controller refuses a request
 * over 10,000 records or 10,000 partitions (Kafka 4.1's MAX_RECORDS_PER_USER_OP and
 * MAX_PARTITIONS_PER_BATCH); half of that leaves room for records we do not count.
 */
export const CREATE_BATCH_RECORDS = 5_000;

/** What a new topic costs the controller: a TopicRecord, a PartitionRecord per partition and a ConfigRecord per config. */
export interface TopicToCreate {
  partitions: number;
  configs: Record<string, string>;
}

const recordsOf = (t: TopicToCreate): number => 1 + t.partitions + Object.keys(t.configs).length;

/**
 * Splits new topics into as few CreateTopics requests as the controller accepts, in their order. Few
 * and large, because a KRaft broker lists the topics of one request together but applies requests one
 * after another, creating every log of one before it lists the next: 360 topics / 2,000 partitions in
 * requests of 100 topics were listed 11 s after their creation was answered, in one request at once
 * (docs/benchmarks/metadata-scale.md). A topic over the limit alone goes in a request of its own,
 * which the controller refuses with an error naming it.
 */
export function createBatches<T extends TopicToCreate>(topics: readonly T[], maxRecords = CREATE_BATCH_RECORDS): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let records = 0;
  for (const topic of topics) {
    const cost = recordsOf(topic);
    if (current.length > 0 && records + cost > maxRecords) {
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
