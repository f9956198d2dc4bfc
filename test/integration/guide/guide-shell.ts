import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeBinary, kubeBinDir } from '../../helpers/kube/binaries.ts';
import { kafkaLibs } from '../../helpers/kafka/kafka-cluster.ts';
import { projectRoot } from '../../helpers/run-dir.ts';
import type { GuideBlock } from './guide-blocks.ts';

/** Kafka's own tools, as a user runs them (bin/kafka-*.sh); 4.1.2 clients speak to 2.6 brokers too. */
const KAFKA_TOOLS: Record<string, string> = {
  'kafka-acls.sh': 'org.apache.kafka.tools.AclCommand',
  'kafka-consumer-groups.sh': 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  'kafka-topics.sh': 'org.apache.kafka.tools.TopicCommand',
};

/**
 * A bin folder holding what the guide calls by name: `kafka-mirror` (this checkout's CLI on Node 24),
 * Kafka's tools and, through PATH, the project's kubectl and helm. Returns the PATH to run blocks with.
 */
export function guidePath(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const script = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  script('kafka-mirror', `exec '${nodeBinary}' '${join(projectRoot, 'src', 'cli', 'main.ts')}' "$@"`);
  for (const [name, mainClass] of Object.entries(KAFKA_TOOLS)) script(name, `exec java -Xmx256m -cp '${kafkaLibs('4.1.2')}' ${mainClass} "$@"`);
  return [dir, kubeBinDir, process.env.PATH ?? '/usr/bin:/bin'].join(':');
}

export interface BlockRun {
  block: GuideBlock;
  output: string;
  ms: number;
}

/** Runs one block with bash -euo pipefail, as a careful reader would paste it; rejects on a failing command. */
export function runBlock(block: GuideBlock, env: Record<string, string>, timeoutMs: number): Promise<BlockRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', block.script], { env, cwd: env.WORK, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const run = { block, output, ms: Date.now() - started };
      if (code === 0) resolve(run);
      else reject(new Error(`the guide's block at line ${block.line} failed (${signal ?? `exit ${code}`}) after ${run.ms} ms:\n${block.script}\n--- output ---\n${output}`));
    });
  });
}
