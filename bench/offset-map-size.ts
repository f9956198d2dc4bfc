/**
 * Measures the offset map's cost: bytes per transaction in the offset-map topic and heap per run in
 * the syncer's memory. Prints figures; asserts nothing. Run: node bench/offset-map-size.ts
 */
import { PartitionOffsetMap } from '../src/replication/offset-map/partition-offset-map.ts';
import { encodeOffsetMapRecord, type CopiedRange } from '../src/replication/checkpoints/progress-records.ts';

function range(partition: number, start: number, count: number, gaps: number): CopiedRange {
  const runs = [];
  let source = start;
  let target = start + 7;
  const per = Math.max(1, Math.floor(count / (gaps + 1)));
  for (let i = 0; i <= gaps; i++) {
    runs.push({ source, target, count: per });
    source += per + 3;
    target += per;
  }
  return { topic: 'projects.orders', partition, start, end: source, runs, copied: start + count };
}

const plain = encodeOffsetMapRecord(Array.from({ length: 64 }, (_, p) => range(p, 12_345_678, 500, 0)));
const compacted = encodeOffsetMapRecord([range(0, 12_345_678, 500, 100)]);
console.log(`offset-map record, a transaction over 64 plain partitions: ${plain.length} bytes (${(plain.length / 64).toFixed(0)} per partition)`);
console.log(`offset-map record, one compacted partition with 100 gaps: ${compacted.length} bytes`);

const runs = 1_000_000;
globalThis.gc?.();
const before = process.memoryUsage().heapUsed;
const map = new PartitionOffsetMap(runs);
for (let i = 0; i < runs; i++) map.add(i * 10, i * 10 + 10, [{ source: i * 10, target: i * 11, count: 10 }]);
globalThis.gc?.();
const after = process.memoryUsage().heapUsed;
console.log(`PartitionOffsetMap: ${map.runCount} runs in ${((after - before) / 1024 / 1024).toFixed(1)} MiB heap (${((after - before) / runs).toFixed(1)} bytes per run)`);
const t0 = performance.now();
let sum = 0;
for (let i = 0; i < 100_000; i++) {
  const t = map.translate(Math.floor(Math.random() * runs * 10));
  if (t.ok) sum += t.target;
}
console.log(`translate: ${(((performance.now() - t0) * 1000) / 100_000).toFixed(2)} us per lookup (checksum ${sum % 7})`);
