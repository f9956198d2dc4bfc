/**
 * A preload for our worker that samples what it allocates, the garbage included (V8's sampling heap
 * profiler, with the objects minor and major collections freed): every 60 s it writes a
 * `<pid>-<n>.heapprofile` (open it in Chrome's DevTools, Memory tab) into HEAP_SAMPLING_DIR (default:
 * the worker's working directory), then samples the next minute. Decision 0003 used it to find what
 * the trickle allocates:
 *
 *   BENCH_WORKER_NODE_OPTIONS="--import ./bench/heap-sampling.ts" npm run bench:steady -- --quick --mirrors ours-eos
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const MINUTE_MS = 60_000;
const dir = process.env.HEAP_SAMPLING_DIR ?? process.cwd();
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
const start = () => session.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
await start();
let minute = 0;
setInterval(() => {
  void (async () => {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(join(dir, `${process.pid}-${minute++}.heapprofile`), JSON.stringify(profile));
    await start();
  })();
}, MINUTE_MS).unref();
