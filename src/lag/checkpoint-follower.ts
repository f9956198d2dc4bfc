import type { ClusterLink } from '../kafka/index.ts';
import { CheckpointStore, type StoredProgress } from '../replication/checkpoints/checkpoints.store.ts';
import type { JobTopics } from '../replication/checkpoints/internal-topics.ts';

/**
 * A job's checkpoints as a reader that asks again and again sees them: the whole topic the first time,
 * then only the records written since. The operator measures every job's progress each resync; read
 * from the start each time, a job at a trickle over thousands of partitions would have its checkpoints
 * topic (up to 10-20 minutes of checkpoints between two compactions) read and decoded every 15 s.
 */
export class CheckpointFollower {
  readonly #topics: JobTopics;
  readonly #progress: StoredProgress = { checkpoints: new Map(), generation: undefined };
  #position = 0;
  #lastRead = 0;

  constructor(topics: JobTopics) {
    this.#topics = topics;
  }

  /** The checkpoints up to the topic's end now. The map is this follower's own: read it, do not keep it. */
  async read(target: ClusterLink): Promise<StoredProgress> {
    const { end, records } = await new CheckpointStore(target, this.#topics).readInto(this.#progress, this.#position);
    this.#position = end;
    this.#lastRead = records;
    return this.#progress;
  }

  /** Where the next read starts. */
  get position(): number {
    return this.#position;
  }

  /** Records the last read went through. */
  get lastRead(): number {
    return this.#lastRead;
  }
}
