/** The shape of docs/benchmarks/steady-state.json: every figure of a steady-state run. */
import type { Delivery } from '../mirror.ts';
import type { MachineDescription } from '../results.ts';
import type { LedgerVerdict } from './record-ledger.ts';
import type { SteadyOptions } from './steady-options.ts';
import type { StepTime } from './step-times.ts';
import type { UsageSample, UsageSummary } from './usage-series.ts';

export interface LatencyFigures {
  /** Records stamped in the measured window that the reader received. */
  measured: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface OwnTopic {
  /** Where the topic lives: the mirror's own target, or the shared source (MirrorMaker 2's offset syncs). */
  cluster: 'target' | 'source';
  topic: string;
  /** Bytes appended over the run (log-dir-bytes.ts), and on disk at the end. */
  written: number;
  onDisk: number;
}

export interface SteadyMirrorResult {
  label: string;
  kind: 'ours' | 'mm2';
  delivery: Delivery;
  /** Over the measured window (after the warm-up, until the producer stopped). */
  usage?: UsageSummary;
  /** Every sample of the run, seconds from the producer's start. */
  series: UsageSample[];
  latency: LatencyFigures;
  records: LedgerVerdict & { targetArrivals: number; readerRereads: number };
  /** Sum of the data topics' end offsets on the target minus the source's: commit markers (ExactlyOnce), duplicates or aborted data otherwise. */
  extraTargetOffsets: number;
  markersPerRecord: number;
  ownTopics: OwnTopic[];
  ownBytesWritten: number;
  /** Seconds from the producer's stop until the target reader held every source record (NaN: never). */
  catchUpSeconds: number;
  /** Our worker's time per data-path step over its life (kafka_mirror_step_duration_seconds). */
  steps?: StepTime[];
  error?: string;
}

export interface SteadyResults {
  startedAt: string;
  wallSeconds: number;
  options: SteadyOptions;
  machine: MachineDescription;
  producer: { seconds: number; acknowledged: number; failedSends: number };
  /** The data: records the source reader saw, their value bytes, and the bytes the data topics took on the source's disk. */
  data: { records: number; valueBytes: number; sourceBytes: number };
  /** The probe measured on the source itself: producer -> source broker -> kcat. */
  probeLatency: LatencyFigures;
  mirrors: SteadyMirrorResult[];
  mm2Settings: string;
  /** Node options and environment our worker ran with beyond the Pod's (BENCH_WORKER_NODE_OPTIONS, BENCH_WORKER_ENV). */
  workerExtras?: string;
}
