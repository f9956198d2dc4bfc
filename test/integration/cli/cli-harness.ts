import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { projectRoot, runSubdir } from '../../helpers/run-dir.ts';

export const cliMain = join(projectRoot, 'src/cli/main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `kafka-mirror <args>` as a child process, as a user would, and collects its output. */
export function runCli(args: string[], options: { timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliMain, ...args], { timeout: options.timeoutMs ?? 90_000, maxBuffer: 1 << 26, cwd: options.cwd ?? projectRoot, env: { ...process.env, FORCE_COLOR: '0' } }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : err ? null : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `kafka-mirror <args>` without waiting, for Ctrl-C tests. */
export function startCli(args: string[]): { child: ChildProcess; output: () => { stdout: string; stderr: string }; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cliMain, ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Regex-escaped, so a topic name is one exact include pattern. */
export const exactly = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface JobFiles {
  dir: string;
  job: string;
  secrets: string;
  name: string;
}

/**
 * A MirrorJob file for two test clusters plus a Secrets file with the SASL logins, in a fresh folder.
 * `user` logs in to the source as someone other than the admin.
 */
export function writeJob(source: KafkaCluster, target: KafkaCluster, topics: string[], options: { spec?: Record<string, unknown>; user?: { username: string; password: string } } = {}): JobFiles {
  const name = `cli-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const dir = runSubdir('cli-tests', name);
  mkdirSync(dir, { recursive: true });
  const side = (c: KafkaCluster, secret: string) => ({
    bootstrapServers: [c.bootstrap],
    ...(c.sasl ? { sasl: { mechanism: 'PLAIN', credentialsSecretRef: { name: secret } } } : {}),
  });
  const job = {
    apiVersion: 'kafkamirror.io/v1alpha1',
    kind: 'MirrorJob',
    metadata: { name },
    spec: { source: side(source, 'source-login'), target: side(target, 'target-login'), topics: { include: topics.map(exactly) }, syncIntervalSeconds: 2, ...options.spec },
  };
  const secret = (secretName: string, login: { username: string; password: string }) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName }, stringData: login });
  const secrets = [
    ...(source.sasl ? [secret('source-login', options.user ?? source.sasl.admin)] : []),
    ...(target.sasl ? [secret('target-login', target.sasl.admin)] : []),
  ];
  const files = { dir, job: join(dir, 'job.yaml'), secrets: join(dir, 'secrets.yaml'), name };
  writeFileSync(files.job, stringify(job));
  writeFileSync(files.secrets, secrets.map((s) => stringify(s)).join('---\n') || '# none\n');
  return files;
}

/** The job and secrets arguments of every command. */
export const jobArgs = (f: JobFiles): string[] => ['-f', f.job, '--secrets', f.secrets];
