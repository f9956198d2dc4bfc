/** The shape of docs/benchmarks/results.json: every figure the bench took, per run and as medians. */
import type { BenchOptions } from './bench-options.ts';
import type { Delivery } from './mirror.ts';

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
  /** Target offsets beyond the source's: commit markers (ExactlyOnce) or duplicates (AtLeastOnce). */
  extraTargetOffsets: number;
  /** Transactional ids the target's coordinator gained during the run (ExactlyOnce). */
  newTransactionalIds?: string[];
}

export type CopyFigures = Omit<CopyRun, 'newTransactionalIds'>;

export interface CopyScenario {
  label: string;
  kind: 'ours' | 'mm2';
  delivery: Delivery;
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

export interface CeilingResult {
  runs: CeilingRun[];
  median?: CeilingRun;
  error?: string;
}

export interface LatencyResult {
  label: string;
  kind: 'ours' | 'mm2';
  delivery: Delivery;
  targetRecordsPerSecond: number;
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

export interface BenchResults {
  startedAt: string;
  wallSeconds: number;
  /** Wall seconds of each part of the run (clusters, preload, ceiling, copy, latency, scale). */
  sectionSeconds: Record<string, number>;
  quick: boolean;
  options: BenchOptions;
  machine: MachineDescription;
  preload: { records: number; bytes: number; seconds: number };
  ceiling?: CeilingResult;
  copy: CopyScenario[];
  latency: LatencyResult[];
  scale: ScaleResult[];
  sourceScaleCreateSeconds?: number;
  mm2Settings: string;
}
