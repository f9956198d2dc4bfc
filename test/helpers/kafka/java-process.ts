/**
 * Kafka's own Java programs (ProducerPerformance, MirrorMaker, a Kafka Connect worker) as managed
 * processes of the run: unlike kafka-tools.ts's kafkaTool, these need their pid (the bench samples CPU
 * and memory), no time limit, and the long-running ones run until stopped.
 */
import { readFileSync } from 'node:fs';
import { kafkaLibs } from './kafka-cluster.ts';
import { startProcess, stopProcess, type ManagedProcess } from '../processes.ts';

export interface JavaProcess extends ManagedProcess {
  /** Resolves when the JVM exits, with its exit code and everything it printed. */
  exited: Promise<{ code: number | null; output: string }>;
  stop(): Promise<void>;
}

export interface JavaOptions {
  heap?: string;
  /** Extra JVM flags (a logging config). */
  jvmFlags?: string[];
}

let started = 0;

/** Starts `mainClass` from Kafka `version`'s jars; `name` prefixes its log file. */
export function startJava(version: string, name: string, mainClass: string, args: string[], options: JavaOptions = {}): JavaProcess {
  let resolveExit: (code: number | null) => void = () => undefined;
  const exit = new Promise<number | null>((resolve) => (resolveExit = resolve));
  const proc = startProcess(`${name}-${++started}`, 'java', [`-Xmx${options.heap ?? '512m'}`, '-XX:+UseG1GC', '-Djava.awt.headless=true', ...(options.jvmFlags ?? []), '-cp', kafkaLibs(version), mainClass, ...args], {
    onExit: (code) => resolveExit(code),
  });
  const exited = exit.then((code) => ({ code, output: readFileSync(proc.logFile, 'utf8') }));
  return { ...proc, exited, stop: () => stopProcess(proc, 30_000) };
}

/** Runs `mainClass` to its end; throws with the tail of its output when it fails. */
export async function runJava(version: string, name: string, mainClass: string, args: string[], options: JavaOptions = {}): Promise<string> {
  const { code, output } = await startJava(version, name, mainClass, args, options).exited;
  if (code !== 0) throw new Error(`${mainClass} exited with ${code}: ${output.slice(-2_000)}`);
  return output;
}
