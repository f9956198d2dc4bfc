/** The machine the figures came from, and how busy it was while they were taken. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { promisify } from 'node:util';
import type { MachineDescription } from './results.ts';
import { median } from './stats.ts';

const run = promisify(execFile);

/** Samples the 1-minute load average every `intervalMs` until stopped. */
export function watchLoad(intervalMs = 10_000): { stop(): MachineDescription['load']; now(): number } {
  const samples = [loadavg()[0]!];
  const timer = setInterval(() => samples.push(loadavg()[0]!), intervalMs);
  timer.unref();
  return {
    now: () => loadavg()[0]!,
    stop: () => {
      clearInterval(timer);
      samples.push(loadavg()[0]!);
      return { min: Math.min(...samples), median: median(samples), max: Math.max(...samples), samples: samples.length };
    },
  };
}

export async function describeMachine(kafkaVersion: string, load: MachineDescription['load']): Promise<MachineDescription> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const { stderr } = await run('java', ['-version']);
  return {
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    java: stderr.split('\n')[0]?.trim() ?? 'unknown',
    kafka: kafkaVersion,
    load,
  };
}
