import type { ClusterLink } from '../../kafka/index.ts';
import type { OffsetTranslation } from '../../planner/group-offsets.planner.ts';
import { partitionKey } from '../assignment.ts';
import { decodeOffsetMapRecord } from '../checkpoints/progress-records.ts';
import { readPartitionToEnd } from '../checkpoints/own-topic.reader.ts';
import { PartitionOffsetMap } from './partition-offset-map.ts';

export interface OffsetMapRefresh {
  /** Offset-map records (one per committed transaction) read by this refresh. */
  records: number;
  /** The next offset of the offset-map topic to read. */
  position: number;
}

/**
 * The job's source -> target offset map, kept in memory from the offset-map topic (one record per
 * committed transaction, every range it copied; see progress-records.ts). Reads incrementally: each
 * `refresh()` reads only what was committed since the last one, read_committed, so an aborted
 * transaction's ranges never enter the map. Between refreshes `translate` is a pure function, as the
 * planner needs for one pass.
 */
export class OffsetMapReader {
  readonly #link: ClusterLink;
  readonly #topic: string;
  readonly #maxRunsPerPartition: number | undefined;
  readonly #maps = new Map<string, PartitionOffsetMap>();
  #position = 0;

  constructor(link: ClusterLink, offsetMapTopic: string, options: { maxRunsPerPartition?: number } = {}) {
    this.#link = link;
    this.#topic = offsetMapTopic;
    this.#maxRunsPerPartition = options.maxRunsPerPartition;
  }

  get position(): number {
    return this.#position;
  }

  get partitionCount(): number {
    return this.#maps.size;
  }

  /** Reads the records committed since the last refresh. A job that has not copied yet has no topic: nothing to read. */
  async refresh(): Promise<OffsetMapRefresh> {
    if (this.#position === 0 && !(await this.#topicExists())) return { records: 0, position: 0 };
    let records = 0;
    this.#position = await readPartitionToEnd(this.#link, this.#topic, 0, this.#position, (r) => {
      if (!r.value) return;
      records++;
      for (const range of decodeOffsetMapRecord(r.value)) this.#mapOf(range.topic, range.partition).add(range.start, range.end, range.runs, range.targetNext);
    });
    return { records, position: this.#position };
  }

  /** The planner's TranslateOffset: where a group committed at `committed` on the source resumes on the target. */
  readonly translate = (sourceTopic: string, partition: number, committed: number): OffsetTranslation => {
    const map = this.#maps.get(partitionKey({ topic: sourceTopic, partition }));
    return map ? map.translate(committed) : { ok: false, reason: 'NotYetMirrored' };
  };

  #mapOf(topic: string, partition: number): PartitionOffsetMap {
    const key = partitionKey({ topic, partition });
    let map = this.#maps.get(key);
    if (!map) {
      map = new PartitionOffsetMap(this.#maxRunsPerPartition);
      this.#maps.set(key, map);
    }
    return map;
  }

  async #topicExists(): Promise<boolean> {
    return (await this.#link.topicNames()).includes(this.#topic);
  }
}
