/**
 * Runs packed flat, [source, target, count, ...], as sealed segments hold them in memory: 24 B a run
 * however many there are, where an object per run costs about three times that.
 */
export type PackedRuns = Float64Array;

export const packedRunCount = (runs: PackedRuns): number => runs.length / 3;

const VERSION = 1;

/**
 * A sealed segment's record value: a version byte, the run count, then per run its source gap, target
 * gap (each from the previous run's end, the first run's from 0) and count, as unsigned varints. At a
 * trickle in ExactlyOnce a run is one record followed by a commit marker: gaps 0 and 1, count 1, so 3 B
 * a run before the batch's zstd, where the JSON offset-map record spends ~25 B.
 */
export function encodeRuns(runs: PackedRuns): Buffer {
  const out: number[] = [VERSION];
  const n = packedRunCount(runs);
  writeVarint(out, n);
  let sourceEnd = 0;
  let targetEnd = 0;
  for (let i = 0; i < n; i++) {
    const source = runs[3 * i]!;
    const target = runs[3 * i + 1]!;
    const count = runs[3 * i + 2]!;
    // Both offsets only grow along a partition's runs; anything else is a bug upstream, not data to store.
    if (source < sourceEnd || target < targetEnd || count <= 0) throw new Error(`runs out of order at run ${i}: ${source}/${target}/${count} after ${sourceEnd}/${targetEnd}`);
    writeVarint(out, source - sourceEnd);
    writeVarint(out, target - targetEnd);
    writeVarint(out, count);
    sourceEnd = source + count;
    targetEnd = target + count;
  }
  return Buffer.from(out);
}

export function decodeRuns(value: Buffer): PackedRuns {
  if (value[0] !== VERSION) throw new Error(`unknown offset-index segment version ${value[0]}`);
  const cursor = { at: 1 };
  const n = readVarint(value, cursor);
  const runs = new Float64Array(3 * n);
  let sourceEnd = 0;
  let targetEnd = 0;
  for (let i = 0; i < n; i++) {
    const source = sourceEnd + readVarint(value, cursor);
    const target = targetEnd + readVarint(value, cursor);
    const count = readVarint(value, cursor);
    runs[3 * i] = source;
    runs[3 * i + 1] = target;
    runs[3 * i + 2] = count;
    sourceEnd = source + count;
    targetEnd = target + count;
  }
  return runs;
}

/** Arithmetic rather than bit operations: offsets pass 2^32 and stay exact to 2^53. */
function writeVarint(out: number[], value: number): void {
  let n = value;
  while (n >= 128) {
    out.push((n % 128) + 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

function readVarint(buf: Buffer, cursor: { at: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[cursor.at++];
    if (byte === undefined) throw new Error('offset-index segment ends inside a number');
    value += (byte % 128) * scale;
    if (byte < 128) return value;
    scale *= 128;
  }
}
