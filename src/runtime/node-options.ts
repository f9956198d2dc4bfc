/**
 * Node options of the image's long-running processes, the worker and the operator: a bounded heap.
 *
 * V8 sizes its old space from the machine (or the Pod's memory limit) and, with a long-running
 * process's garbage, grows the heap to several times what is live before it collects: a worker at
 * the trickle of 2,000 partitions held 45 MiB live in 116 MiB of heap (275 MiB RSS, decision 0003);
 * the operator with 100 MirrorJobs held 57 MiB live in 262 MiB of heap (441 MiB RSS,
 * docs/benchmarks/many-jobs.md). A 4 MiB young generation (V8's default grows to 16-32 MiB) keeps a
 * worker with 2,000 partitions about 40 MiB smaller at no measured CPU cost: the records live in
 * Buffers outside the heap and the operator allocates little, so scavenges stay small
 * (docs/benchmarks/worker-profile.md).
 */
export function boundedHeapNodeOptions(heapMiB: number): string {
  return `--max-semi-space-size=4 --max-old-space-size=${heapMiB}`;
}
