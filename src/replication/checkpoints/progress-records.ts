import { flattenRuns, targetNextAfter, unflattenRuns, type OffsetRun } from '../offset-map/offset-runs.ts';
import type { SourcePartition } from '../assignment.ts';

/** What one transaction copied of one source partition: positions [start, end) and the runs within. */
export interface CopiedRange extends SourcePartition {
  start: number;
  end: number;
  runs: OffsetRun[];
  /** Records of this partition copied since the job began, this range included. */
  copied: number;
  /**
   * Where the copy of the next record from `end` on will land, at the earliest: past every copy made
   * so far, at or before every later one (see targetNextAfter). Undefined only in ranges written
   * before the job kept it that copied nothing.
   */
  targetNext?: number;
}

/** The generation in force: workers of an older revision must stop; see generation.ts. */
export interface GenerationRecord {
  revision: number;
  workerCount: number;
  state: 'Fencing' | 'Active';
  /** The generation this one replaced, fenced while `state` is Fencing. */
  previous?: { revision: number; workerCount: number };
}

/** A producer id this job writes with, and the cluster its records come from (see provenance/loop-guard.ts). */
export interface ProducerAnnouncement {
  /** A decimal string: producer ids are 64-bit. */
  producerId: string;
  sourceClusterId: string;
}

export const PRODUCER_KEY_PREFIX = 'producer:';
const CHECKPOINT_KEY = 'p:';
const GENERATION_KEY = 'generation';

/** Kafka topic names cannot contain ':', so the key splits unambiguously. */
export const checkpointKey = (p: SourcePartition): string => `${CHECKPOINT_KEY}${p.topic}:${p.partition}`;
export const generationKey = GENERATION_KEY;

interface RangeJson {
  t: string;
  p: number;
  s: number;
  e: number;
  r: number[];
  c: number;
  /** targetNext, written only when the range copied nothing: otherwise it is one past its last run. */
  n?: number;
}

const toJson = (r: CopiedRange): RangeJson => ({
  t: r.topic,
  p: r.partition,
  s: r.start,
  e: r.end,
  r: flattenRuns(r.runs),
  c: r.copied,
  ...(r.runs.length === 0 && r.targetNext !== undefined ? { n: r.targetNext } : {}),
});
const fromJson = (j: RangeJson): CopiedRange => {
  const runs = unflattenRuns(j.r);
  return { topic: j.t, partition: j.p, start: j.s, end: j.e, runs, copied: j.c ?? 0, targetNext: targetNextAfter(j.n, runs) };
};

export const encodeCheckpoint = (r: CopiedRange): Buffer => Buffer.from(JSON.stringify(toJson(r)));
export const decodeCheckpoint = (value: Buffer): CopiedRange => fromJson(JSON.parse(value.toString('utf8')) as RangeJson);

/** One offset-map record per transaction: every range it copied. */
export const encodeOffsetMapRecord = (ranges: CopiedRange[]): Buffer => Buffer.from(JSON.stringify(ranges.map(toJson)));
export const decodeOffsetMapRecord = (value: Buffer): CopiedRange[] => (JSON.parse(value.toString('utf8')) as RangeJson[]).map(fromJson);

export const encodeGeneration = (g: GenerationRecord): Buffer => Buffer.from(JSON.stringify(g));
export const decodeGeneration = (value: Buffer): GenerationRecord => JSON.parse(value.toString('utf8')) as GenerationRecord;

export const producerKey = (producerId: bigint): string => `${PRODUCER_KEY_PREFIX}${producerId}`;
export const encodeProducerAnnouncement = (a: ProducerAnnouncement): Buffer => Buffer.from(JSON.stringify(a));
export const decodeProducerAnnouncement = (value: Buffer): ProducerAnnouncement => JSON.parse(value.toString('utf8')) as ProducerAnnouncement;
