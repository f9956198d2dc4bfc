/**
 * What one reader saw of the trickle: per partition, how often each record number arrived. The
 * producer numbers the records of each partition 0, 1, 2, ... in their keys, so a target read is judged
 * against the source read by number, without keeping any record. A duplicate is a record number at a
 * second offset; the same offset read twice is the reader's doing and is not counted. Pure.
 */
export class RecordLedger {
  /** Per `topic:partition`, arrivals by record number (saturating at 255). */
  readonly #seen = new Map<string, Uint8Array>();
  /** Per `topic:partition`, the highest offset read: a reader's group rebalance re-delivers from an older one. */
  readonly #highest = new Map<string, number>();
  #arrivals = 0;
  #reread = 0;

  /** Notes record `n` read at `offset`; false when the reader had already read that offset (not counted). */
  add(topic: string, partition: number, offset: number, n: number): boolean {
    const key = `${topic}:${partition}`;
    if (offset <= (this.#highest.get(key) ?? -1)) {
      this.#reread++;
      return false;
    }
    this.#highest.set(key, offset);
    let counts = this.#seen.get(key);
    if (!counts || counts.length <= n) {
      const grown = new Uint8Array(Math.max(n + 1, (counts?.length ?? 0) * 2, 64));
      if (counts) grown.set(counts);
      this.#seen.set(key, grown);
      counts = grown;
    }
    if (counts[n]! < 255) counts[n]!++;
    this.#arrivals++;
    return true;
  }

  /** Offsets the reader was handed again (not the mirror's doing): left out of every count. */
  get rereads(): number {
    return this.#reread;
  }

  /** Records read, duplicates included. */
  get arrivals(): number {
    return this.#arrivals;
  }

  /** Distinct records read. */
  distinct(): number {
    let n = 0;
    for (const counts of this.#seen.values()) for (const c of counts) if (c > 0) n++;
    return n;
  }

  countOf(key: string, n: number): number {
    return this.#seen.get(key)?.[n] ?? 0;
  }

  keys(): IterableIterator<[string, Uint8Array]> {
    return this.#seen.entries();
  }
}

export interface LedgerVerdict {
  /** Distinct records the source reader saw. */
  sourceRecords: number;
  /** Source records never read on the target. */
  lost: number;
  /** Target copies beyond the source's own of each record (a producer retry can write one twice on the source), plus records the source never held. */
  duplicated: number;
}

/** Judges a target read against the source read of the same records. */
export function judgeLedgers(source: RecordLedger, target: RecordLedger): LedgerVerdict {
  let sourceRecords = 0;
  let lost = 0;
  for (const [key, counts] of source.keys()) {
    for (let n = 0; n < counts.length; n++) {
      if (counts[n] === 0) continue;
      sourceRecords++;
      if (target.countOf(key, n) === 0) lost++;
    }
  }
  let duplicated = 0;
  for (const [key, counts] of target.keys()) {
    for (let n = 0; n < counts.length; n++) {
      const held = source.countOf(key, n);
      duplicated += held === 0 ? counts[n]! : Math.max(0, counts[n]! - held);
    }
  }
  return { sourceRecords, lost, duplicated };
}
