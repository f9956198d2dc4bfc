import type { DirectoryEntry } from './partition-offset-map.ts';
import type { SegmentRef } from './sealed-segments.ts';

/**
 * Keys and values of the offset-directory and offset-index topics (both compacted). Kafka topic names
 * cannot contain ':', so every key splits unambiguously.
 */
export const SEALED_THROUGH_KEY = 'sealed-through';
export const directoryKey = (topic: string, partition: number): string => `p:${topic}:${partition}`;
export const segmentKey = (topic: string, partition: number, level: number, firstSource: number): string => `seg:${topic}:${partition}:${level}:${firstSource}`;

/** A directory key's partition, or none for another key. */
export function partitionOfDirectoryKey(key: string): { topic: string; partition: number } | undefined {
  if (!key.startsWith('p:')) return undefined;
  const at = key.lastIndexOf(':');
  return { topic: key.slice(2, at), partition: Number(key.slice(at + 1)) };
}

type SegmentTuple = [level: number, firstSource: number, firstTarget: number, endSource: number, endTarget: number, runs: number, at: number, sealedAt: number];

interface EntryJson {
  v: 1;
  s: number;
  e: number;
  n?: number;
  /** Source offsets below it aged out of the translation horizon. */
  h?: number;
  g: SegmentTuple[];
}

export function encodeDirectoryEntry(entry: DirectoryEntry): Buffer {
  const g = entry.segments.map((s): SegmentTuple => [s.level, s.firstSource, s.firstTarget, s.endSource, s.endTarget, s.runs, s.at, s.sealedAt]);
  const json: EntryJson = { v: 1, s: entry.start, e: entry.end, ...(entry.targetNext !== undefined ? { n: entry.targetNext } : {}), ...(entry.agedOutBelow > 0 ? { h: entry.agedOutBelow } : {}), g };
  return Buffer.from(JSON.stringify(json));
}

export function decodeDirectoryEntry(value: Buffer): DirectoryEntry {
  const json = JSON.parse(value.toString('utf8')) as EntryJson;
  const segments = json.g.map(([level, firstSource, firstTarget, endSource, endTarget, runs, at, sealedAt]): SegmentRef => ({ level, firstSource, firstTarget, endSource, endTarget, runs, at, sealedAt }));
  return { start: json.s, end: json.e, targetNext: json.n, agedOutBelow: json.h ?? 0, segments };
}

/** `sealed-through`: the offset-map topic's offset below which every record is in the directory and index. */
export const encodeSealedThrough = (position: number): Buffer => Buffer.from(JSON.stringify({ v: 1, position }));
export const decodeSealedThrough = (value: Buffer): number => (JSON.parse(value.toString('utf8')) as { position: number }).position;
