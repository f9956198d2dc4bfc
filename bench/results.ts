/** The shape of docs/benchmarks/results.json: every figure the bench took, per run and as medians. */
import type { BenchOptions } from './bench-options.ts';
import type { JobsOutcome } from './jobs/jobs-results.ts';
import type { Delivery } from './mirror.ts';
import type { StepTime } from './steady/step-times.ts';
import type { WidthKind, WidthShape } from './width/width-layout.ts';

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  java: string;
  kafka: string;
  /** 1-minute load averages sampled through the run. */
  load: { min: number; median: number; max: number; samples: number };
}

export interface CopyRun {
  seconds: number;
  /** Seconds from start to the first record on the target (process start-up, discovery). */
  firstRecordSeconds: number;
  recordsPerSecond: number;
  /** Records per second counted from the first record on the target: the copy without start-up. */
  steadyRecordsPerSecond: number;
  mbPerSecond: number;
  cpuSeconds: number;
  cpuSecondsPerGb: number;
  peakRssMiB: number;
  /** Target offsets beyond the records a read_committed reader sees on the source: commit markers (ExactlyOnce) or duplicates (AtLeastOnce). */
  extraTargetOffsets: number;
  /** 5-second windows between the first record on the target and the last with no progress (progress-pauses.ts). */
  pausedWindows: number;
  longestPauseSeconds: number;
  /** Transactional ids the target's coordinator gained during the run (ExactlyOnce). */
  newTransactionalIds?: string[];
  /** Where our worker spent its time (fetch, write, commit), from its /metrics at the end. */
  steps?: StepTime[];
}

export type CopyFigures = Omit<CopyRun, 'newTransactionalIds' | 'steps'>;

export interface CopyScenario {
  label: string;
  kind: 'ours' | 'mm2';
  delivery: Delivery;
  /** Worker processes of the job (the workers section). */
  workers?: number;
  runs: CopyRun[];
  median?: CopyFigures;
  error?: string;
}

export interface CeilingRun {
  producerRecordsPerSecond: number;
  consumerRecordsPerSecond: number;
  /** The lower of the two. */
  recordsPerSecond: number;
  mbPerSecond: number;
  cpuSeconds: number;
  cpuSecondsPerGb: number;
}

/** One run of Kafka's own replication of the set to a second broker (replication-ceiling.ts). */
export interface ReplicationCeilingRun {
  /** From the reassignment's request until every partition lists the follower in its in-sync replicas. */
  seconds: number;
  recordsPerSecond: number;
  mbPerSecond: number;
  /** Both brokers' CPU over the run. */
  cpuSeconds: number;
  cpuSecondsPerGb: number;
}

export interface CeilingResult {
  runs: CeilingRun[];
  median?: CeilingRun;
  error?: string;
  /** Kafka's replication of the same set: the real ceiling (issue #20); ProducerPerformance above is the second reference. */
  replication?: { runs: ReplicationCeilingRun[]; median?: ReplicationCeilingRun; error?: string };
}

export interface LatencyResult {
  label: string;
  /** 'probe': the producer and reader alone on the source, no mirror. */
  kind: 'ours' | 'mm2' | 'probe';
  /** A mirror's; the probe alone has none. */
  delivery?: Delivery;
  targetRecordsPerSecond: number;
  /** The rate as a share of the ceiling (0.1, 0.5); the probe alone runs at twice a mirror's share. Absent in results before it was recorded (all at 0.5). */
  share?: number;
  seconds: number;
  produced: number;
  received: number;
  /** Records measured (those stamped after the warm-up). */
  measured: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  error?: string;
}

export interface ScaleResult {
  label: string;
  topics: number;
  partitions: number;
  /** From the mirror's start until the target lists every topic with its partitions. */
  secondsToCreate: number;
  /** Partitions the mirror took on (our worker's /status), when it says. */
  assignedPartitions?: number;
  /** Peak and final RSS over the idle period after creation. */
  peakRssMiB: number;
  rssMiB: number;
  error?: string;
}

/** The seed's-width set (bench/width) and its copies; the mirrors made the target topics. */
export interface WidthResult {
  shape: WidthShape;
  kinds: Record<WidthKind, number>;
  /** Records written per kind, aborted ones included. */
  written: Record<WidthKind, number>;
  /** Records a read_committed reader sees on the source (end markers left out), and their value bytes. */
  records: number;
  bytes: number;
  preloadSeconds: number;
  copy: CopyScenario[];
}

export interface BenchResults {
  startedAt: string;
  wallSeconds: number;
  /** Wall seconds of each part of the run (clusters, preload, ceiling, copy, latency, scale). */
  sectionSeconds: Record<string, number>;
  quick: boolean;
  options: BenchOptions;
  machine: MachineDescription;
  /** The 64-partition set's preload, when a section that copies it ran. */
  preload?: { records: number; bytes: number; seconds: number };
  ceiling?: CeilingResult;
  copy: CopyScenario[];
  /** The 64-partition set copied by one job with 1, 2, 4... workers. */
  workers?: CopyScenario[];
  latency: LatencyResult[];
  scale: ScaleResult[];
  width?: WidthResult;
  jobs?: JobsOutcome;
  sourceScaleCreateSeconds?: number;
  mm2Settings: string;
}
