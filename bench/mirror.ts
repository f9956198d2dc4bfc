/** What the bench needs of a mirror under test, ours or MirrorMaker 2. */
export type Delivery = 'AtLeastOnce' | 'ExactlyOnce';

export interface RunningMirror {
  /** The processes to sample (their descendants included). */
  pids(): number[];
  alive(): boolean;
  logFile: string;
  /** Source partitions the mirror has taken on, when it says (our worker's /status). */
  assignedPartitions?(): Promise<number>;
  /** The Prometheus text the mirror serves, when it serves one (our worker's /metrics). */
  metrics?(): Promise<string>;
  stop(): Promise<void>;
}

export interface MirrorUnderTest {
  /** e.g. "MM2 ExactlyOnce". */
  label: string;
  kind: 'ours' | 'mm2';
  delivery: Delivery;
  /** Worker processes of one job (ours); one unless said. */
  workers?: number;
  /** Starts a fresh instance (no progress from an earlier run) mirroring the topics matching `include` (regexes). */
  start(include: string[], runId: string): Promise<RunningMirror>;
}

export const shortDelivery = (d: Delivery): string => (d === 'ExactlyOnce' ? 'eos' : 'alo');

/** A mirror under test of `kind`, labelled the way every table names it. */
export const defineMirror = (kind: MirrorUnderTest['kind'], delivery: Delivery, start: MirrorUnderTest['start']): MirrorUnderTest => ({
  label: `${kind === 'ours' ? 'ours' : 'MM2'} ${delivery}`,
  kind,
  delivery,
  start,
});
