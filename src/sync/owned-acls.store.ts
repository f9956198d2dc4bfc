import type { ClusterLink } from '../kafka/index.ts';
import type { AclBinding } from '../planner/cluster-snapshot.ts';
import { CheckpointStore } from '../replication/checkpoints/checkpoints.store.ts';
import type { JobTopics } from '../replication/checkpoints/internal-topics.ts';
import { readPartitionToEnd } from '../replication/checkpoints/own-topic.reader.ts';
import { NO_COMPRESSION, OwnTopicWriter } from '../replication/checkpoints/own-topic.writer.ts';

/** The checkpoints topic's key for the ACLs this job created; compaction keeps the latest. */
export const OWNED_ACLS_KEY = 'owned-acls';

interface OwnedAclsRecord {
  v: 1;
  acls: AclBinding[];
}

/**
 * The ACLs this job created on the target (the planner's `ownedAcls`), kept in the job's compacted
 * checkpoints topic so a restarted worker 0 (or the CLI) still knows which ACLs it may delete. The
 * record is written outside the replicator's transactions, by an idempotent producer of its own;
 * the replicator's readers ignore keys they do not know.
 */
export class OwnedAclsStore {
  readonly #link: ClusterLink;
  readonly #topics: JobTopics;
  readonly #writer: OwnTopicWriter;

  constructor(link: ClusterLink, topics: JobTopics) {
    this.#link = link;
    this.#topics = topics;
    this.#writer = new OwnTopicWriter(link, () => new CheckpointStore(link, topics).ensureTopics());
  }

  /** The last persisted set; none when the job has never persisted one (or has no topics yet). */
  async load(): Promise<AclBinding[]> {
    const names = await this.#link.topicNames();
    if (!names.includes(this.#topics.checkpoints)) return [];
    let owned: AclBinding[] = [];
    await readPartitionToEnd(this.#link, this.#topics.checkpoints, 0, 0, (r) => {
      if (r.key?.toString('utf8') !== OWNED_ACLS_KEY || !r.value) return;
      owned = (JSON.parse(r.value.toString('utf8')) as OwnedAclsRecord).acls;
    });
    return owned;
  }

  async save(acls: readonly AclBinding[]): Promise<void> {
    const record: OwnedAclsRecord = { v: 1, acls: [...acls] };
    await this.#writer.write(this.#topics.checkpoints, [{ key: OWNED_ACLS_KEY, value: Buffer.from(JSON.stringify(record)) }], NO_COMPRESSION);
  }
}
