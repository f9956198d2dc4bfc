import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './ports.ts';
import { startProcess, stopProcess, waitFor, type ManagedProcess } from './processes.ts';
import { runSubdir } from './run-dir.ts';

/** The Debian package's binary (INFRA.md); started by hand, never as the system service. */
export const PROMETHEUS_BINARY = process.env.KMO_PROMETHEUS ?? '/usr/bin/prometheus';

/** One scrape job: static targets (host:port), extra target labels, and whether scraped labels win. */
export interface ScrapeJob {
  job: string;
  targets: string[];
  labels?: Record<string, string>;
  /** Keep the scraped `job` label (the workers' MirrorJob) instead of renaming it exported_job. */
  honorLabels?: boolean;
}

export interface PromResult {
  resultType: string;
  result: Array<{ metric: Record<string, string>; value?: [number, string] }>;
}

export interface RunningPrometheus extends ManagedProcess {
  url: string;
  /** An instant query; rejects with Prometheus' error (a bad expression, an unknown function). */
  query(expr: string): Promise<PromResult>;
  /** /api/v1/rules: every loaded rule with its health and last error. */
  rules(): Promise<Array<{ name: string; health: string; lastError?: string; query: string }>>;
  /** Waits until every target of `job` has been scraped (up is 1 for all, or as many as `up` says). */
  untilScraped(job: string, expectUp?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus on a free loopback port, with its config and TSDB under the run folder, scraping
 * every second (so rates have data within seconds). Stopped by `stop()` or by the global teardown.
 */
export async function startPrometheus(name: string, options: { scrape: ScrapeJob[]; ruleFiles?: string[]; intervalSeconds?: number }): Promise<RunningPrometheus> {
  const dir = runSubdir('prometheus', name);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const interval = `${options.intervalSeconds ?? 1}s`;
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
    rule_files: options.ruleFiles ?? [],
    scrape_configs: options.scrape.map((s) => ({
      job_name: s.job,
      honor_labels: s.honorLabels ?? false,
      static_configs: [{ targets: s.targets, labels: s.labels ?? {} }],
    })),
  };
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, stringify(config));
  const port = await freePort();
  const proc = startProcess(`prometheus-${name}`, PROMETHEUS_BINARY, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=1d',
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`prometheus ${name} to be ready (log: ${proc.logFile})`, async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined), { timeoutMs: 60_000 });

  const api = async <T>(path: string): Promise<T> => {
    const body = (await (await fetch(`${url}${path}`)).json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? body.status}`);
    return body.data;
  };
  const query = (expr: string) => api<PromResult>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
  return {
    ...proc,
    url,
    query,
    rules: async () => (await api<{ groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string; query: string }> }> }>('/api/v1/rules')).groups.flatMap((g) => g.rules),
    untilScraped: async (job, expectUp) => {
      const targets = options.scrape.find((s) => s.job === job)?.targets.length ?? 0;
      await waitFor(`prometheus to scrape ${job}`, async () => {
        const up = (await query(`up{job="${job}"}`)).result;
        const ok = up.filter((r) => r.value?.[1] === '1').length;
        return up.length === targets && ok === (expectUp ?? targets) ? true : undefined;
      }, { timeoutMs: 60_000 });
    },
    stop: () => stopProcess(proc, 5_000),
  };
}
