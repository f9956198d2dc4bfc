/**
 * Values by topic and partition, looked up without building a key string: the data path asks for
 * every batch of every fetch, thousands of times a second at a trickle over thousands of partitions.
 */
export class PartitionTable<T> {
  readonly #byTopic = new Map<string, T[]>();
  #size = 0;

  /** How many partitions have a value. */
  get size(): number {
    return this.#size;
  }

  get(topic: string, partition: number): T | undefined {
    return this.#byTopic.get(topic)?.[partition];
  }

  set(topic: string, partition: number, value: T): void {
    let byPartition = this.#byTopic.get(topic);
    if (!byPartition) this.#byTopic.set(topic, (byPartition = []));
    if (byPartition[partition] === undefined) this.#size++;
    byPartition[partition] = value;
  }

  clear(): void {
    this.#byTopic.clear();
    this.#size = 0;
  }
}
