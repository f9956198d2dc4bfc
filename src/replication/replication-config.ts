import type { DeliveryGuarantee, StartPosition } from '../api/index.ts';
import type { FetchLimits } from './source/source.reader.ts';

/** What one worker needs to copy its share of a job; built from a MirrorJob by the operator or the CLI. */
export interface ReplicationConfig {
  /** Unique per job on the target cluster (namespace and name for the operator). */
  jobId: string;
  workerIndex: number;
  workerCount: number;
  /**
   * Grows with every change of the job's configuration. Workers of an older revision are fenced and
   * stop; see generation.ts.
   */
  revision: number;
  delivery: DeliveryGuarantee;
  startFrom: StartPosition;
  /** Whether a source topic is mirrored: the job's filters and the internal-topic rule (src/job/topic-selection.ts). */
  selectTopic: (sourceTopic: string) => boolean;
  /** The target name of a source topic (naming policy). */
  targetTopic: (sourceTopic: string) => string;
  /**
   * How long a commit interval lasts (decision 0003): ExactlyOnce keeps a transaction open this long,
   * both modes write progress once per interval. An interval commits early when it holds 64 MiB, or when the worker caught up with enough records (open-interval.ts).
   */
  commitIntervalMs: number;
  /** How often topics and partitions are looked up again. */
  metadataRefreshMs: number;
  fetch: FetchLimits;
  /** This worker's share of spec.replication.maxBytesPerSecond; no limit when absent. */
  maxBytesPerSecond?: number;
}

export const transactionalIdOf = (jobId: string, revision: number, workerIndex: number): string => `kafka-mirror.${jobId}.r${revision}.w${workerIndex}`;
