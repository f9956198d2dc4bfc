import type { V1Pod } from '@kubernetes/client-node';
import { WORKER_METRICS_PORT } from '../src/worker/worker-contract.ts';
import { parseWorkerReport, type WorkerReports } from './worker-report.ts';

/** GET of a worker's /status: the parsed JSON body, or a rejection. */
export type WorkerStatusFetcher = (url: string) => Promise<unknown>;

/**
 * A worker answers /status from memory; one that takes longer is stuck or gone, and a reconcile must
 * not wait on it (WorkersReady already says when a worker is down).
 */
const STATUS_TIMEOUT_MS = 2_000;

export const fetchWorkerStatus: WorkerStatusFetcher = async (url) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
};

/** The Pod's /status URL, or undefined while it has no address or is going away. */
export function statusUrlOf(pod: V1Pod): string | undefined {
  const ip = pod.status?.podIP;
  if (!ip || pod.metadata?.deletionTimestamp || pod.status?.phase !== 'Running') return undefined;
  const port = pod.spec?.containers[0]?.ports?.find((p) => p.name === 'metrics')?.containerPort ?? WORKER_METRICS_PORT;
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `http://${host}:${port}/status`;
}

/**
 * Reads /status of every running worker Pod at once, whether ready or not: an Idle (superseded,
 * fenced) worker is not ready, and is one of the things status must tell. Never rejects.
 */
export async function readWorkerReports(pods: readonly V1Pod[], fetchStatus: WorkerStatusFetcher): Promise<WorkerReports> {
  const running = pods.flatMap((pod) => {
    const url = statusUrlOf(pod);
    return url ? [{ name: pod.metadata?.name ?? '', url }] : [];
  });
  const answers = await Promise.all(
    running.map(async ({ name, url }) => ({ name, report: parseWorkerReport(name, await fetchStatus(url).catch(() => undefined)) })),
  );
  return {
    reports: answers.flatMap((a) => (a.report ? [a.report] : [])),
    unread: answers.flatMap((a) => (a.report ? [] : [a.name])).sort(),
  };
}
