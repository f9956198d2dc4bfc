/**
 * CPU time and memory of a process and its descendants, read from /proc (Linux). A JVM is one process
 * with many threads, whose times /proc/<pid>/stat already sums; a launcher script would add children.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ); 100 on every Linux this bench runs on. */
const TICKS_PER_SECOND = 100;

export interface ProcessUsage {
  /** User + system CPU seconds of the tree, including reaped children. */
  cpuSeconds: number;
  /** Peak resident set (VmHWM) summed over the tree, MiB: an upper bound when several processes peak apart. */
  peakRssMiB: number;
  /** Resident set now, MiB. */
  rssMiB: number;
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
};

/** The pid and its descendants, found through /proc/<pid>/task/<tid>/children. */
export function processTree(pid: number): number[] {
  const tree: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift()!;
    tree.push(next);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${next}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const children = read(`/proc/${next}/task/${tid}/children`) ?? '';
      queue.push(...children.split(' ').filter(Boolean).map(Number));
    }
  }
  return tree;
}

function usageOf(pid: number): ProcessUsage | undefined {
  const stat = read(`/proc/${pid}/stat`);
  const status = read(`/proc/${pid}/status`);
  if (!stat || !status) return undefined;
  // Fields after the command name "(...)": state is field 3, utime..cstime are fields 14..17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((n, i) => n + Number(fields[i] ?? 0), 0);
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / TICKS_PER_SECOND, peakRssMiB: kib('VmHWM') / 1024, rssMiB: kib('VmRSS') / 1024 };
}

/** The summed usage of the trees of `pids` at this moment. */
export function treeUsage(pids: readonly number[]): ProcessUsage {
  const total: ProcessUsage = { cpuSeconds: 0, peakRssMiB: 0, rssMiB: 0 };
  for (const pid of pids.flatMap(processTree)) {
    const u = usageOf(pid);
    if (!u) continue;
    total.cpuSeconds += u.cpuSeconds;
    total.peakRssMiB += u.peakRssMiB;
    total.rssMiB += u.rssMiB;
  }
  return total;
}

/**
 * Samples the trees of `pids` every `intervalMs` and keeps the latest CPU time and the highest peak
 * RSS seen, so that figures survive the processes' exit; `finish()` takes a last sample and stops.
 */
export function sampleProcesses(pids: () => readonly number[], intervalMs = 250): { latest(): ProcessUsage; finish(): ProcessUsage } {
  let latest: ProcessUsage = { cpuSeconds: 0, peakRssMiB: 0, rssMiB: 0 };
  const take = () => {
    const now = treeUsage(pids());
    // A tree that is gone reads as zeros; keep what was seen last.
    if (now.cpuSeconds >= latest.cpuSeconds) latest = { ...now, peakRssMiB: Math.max(now.peakRssMiB, latest.peakRssMiB) };
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    latest: () => latest,
    finish: () => {
      take();
      clearInterval(timer);
      return latest;
    },
  };
}
