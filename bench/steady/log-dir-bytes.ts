/**
 * Bytes each topic took on a broker's disk, read from its log directory (`<cluster dir>/kafka`,
 * test/helpers/kafka/broker-config.ts) without asking Kafka or the mirror: the size of every segment of
 * every partition directory. Sampled through the run, the sum of each partition's increases is what was
 * written to it, even where compaction (the checkpoints topic rolls every 10 minutes) later shrank it.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';

/** The topic of a partition directory `<topic>-<partition>` (topic names may hold dashes). */
export const topicOfPartitionDir = (dir: string): string => dir.slice(0, dir.lastIndexOf('-'));

/** Bytes of the segments (.log) of every partition directory under `logDir`, keyed by directory. */
export function partitionBytes(logDir: string): Map<string, number> {
  const sizes = new Map<string, number>();
  let dirs: string[] = [];
  try {
    dirs = readdirSync(logDir).filter((d) => /-\d+$/.test(d));
  } catch {
    return sizes;
  }
  for (const dir of dirs) {
    let bytes = 0;
    try {
      for (const file of readdirSync(join(logDir, dir))) if (file.endsWith('.log')) bytes += statSync(join(logDir, dir, file)).size;
    } catch {
      continue; // deleted (or being cleaned) between listing and reading
    }
    sizes.set(dir, bytes);
  }
  return sizes;
}

export interface TopicBytes {
  /** Sum of every partition's increases between samples: bytes appended. */
  written: number;
  /** On disk at the last sample. */
  onDisk: number;
}

/** Follows one cluster's log directory: `sample()` every few seconds, `topics()` at the end. */
export class LogDirWatch {
  readonly #logDir: string;
  readonly #last = new Map<string, number>();
  readonly #written = new Map<string, number>();

  constructor(cluster: KafkaCluster) {
    this.#logDir = join(cluster.dir, 'kafka');
  }

  sample(): void {
    for (const [dir, bytes] of partitionBytes(this.#logDir)) {
      const grown = bytes - (this.#last.get(dir) ?? 0);
      if (grown > 0) this.#written.set(dir, (this.#written.get(dir) ?? 0) + grown);
      this.#last.set(dir, bytes);
    }
  }

  /** Per topic, bytes written and on disk. */
  topics(): Map<string, TopicBytes> {
    const out = new Map<string, TopicBytes>();
    for (const [dir, onDisk] of this.#last) {
      const topic = topicOfPartitionDir(dir);
      const t = out.get(topic) ?? { written: 0, onDisk: 0 };
      out.set(topic, { written: t.written + (this.#written.get(dir) ?? 0), onDisk: t.onDisk + onDisk });
    }
    return out;
  }
}
