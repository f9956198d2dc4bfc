/** The many-jobs section in results.md: its table, and the goals set for it (with why). Pure. */
import type { GoalCheck } from '../goals.ts';
import { f, int, table } from '../markdown.ts';
import type { JobsOutcome, JobsResult } from './jobs-results.ts';
import { totalRequests } from './request-counts.ts';

/** Goals for one operator with many jobs on one small machine; the report says why each is where it is. */
export const JOBS_GOALS = {
  /** Minutes from the first apply until every job is CaughtUp. */
  allCaughtUpMinutes: 5,
  idleReconcileP99Seconds: 1,
  operatorRssMiB: 256,
  /** Kafka requests per reconcile, both clusters together. */
  requestsPerReconcile: 10,
  /** New connections (ApiVersions, the first request of a connection) per reconcile. */
  connectionsPerReconcile: 0.05,
} as const;

const operatorRequests = (j: JobsResult): number => totalRequests(j.operatorRequestsByApi.source) + totalRequests(j.operatorRequestsByApi.target);
const operatorConnections = (j: JobsResult): number => (j.operatorRequestsByApi.source.API_VERSIONS ?? 0) + (j.operatorRequestsByApi.target.API_VERSIONS ?? 0);

function atMost(goal: string, value: number, wanted: number, worded: string): GoalCheck {
  if (!Number.isFinite(value)) return { goal, actual: 'not measured' };
  const met = value <= wanted;
  return { goal, actual: worded, met, ...(met ? {} : { gap: `${(value / wanted).toFixed(2)}x over` }) };
}

export function jobsGoals(outcome: JobsOutcome | undefined): GoalCheck[] {
  if (!outcome || 'error' in outcome) return [];
  const j = outcome;
  const n = j.shape.jobs;
  const perReconcile = operatorRequests(j) / j.idleReconciles.count;
  const connections = operatorConnections(j) / j.idleReconciles.count;
  return [
    atMost(`${n} jobs: all CaughtUp <= ${JOBS_GOALS.allCaughtUpMinutes} min after the first apply`, j.allCaughtUpSeconds / 60, JOBS_GOALS.allCaughtUpMinutes, Number.isFinite(j.allCaughtUpSeconds) ? `${f(j.allCaughtUpSeconds)} s` : `${j.caughtUp} of ${n} CaughtUp`),
    atMost(`${n} jobs: idle reconcile p99 <= ${JOBS_GOALS.idleReconcileP99Seconds} s`, j.idleReconciles.p99AtMostSeconds, JOBS_GOALS.idleReconcileP99Seconds, `<= ${j.idleReconciles.p99AtMostSeconds} s`),
    atMost(`${n} jobs: operator RSS <= ${JOBS_GOALS.operatorRssMiB} MiB`, j.operator.peakRssMiB, JOBS_GOALS.operatorRssMiB, `${int(j.operator.peakRssMiB)} MiB peak`),
    atMost(`${n} jobs: operator Kafka requests per reconcile <= ${JOBS_GOALS.requestsPerReconcile}`, perReconcile, JOBS_GOALS.requestsPerReconcile, f(perReconcile)),
    atMost(`${n} jobs: operator connections opened per reconcile <= ${JOBS_GOALS.connectionsPerReconcile}`, connections, JOBS_GOALS.connectionsPerReconcile, f(connections, 2)),
  ];
}

const apis = (byApi: Record<string, number>): string => Object.entries(byApi).sort((a, b) => b[1] - a[1]).map(([api, n]) => `${api} ${n}`).join(', ') || '–';

export function jobsMarkdown(outcome: JobsOutcome | undefined): string[] {
  if (!outcome) return [];
  const out = ['## Many jobs', ''];
  if ('error' in outcome) return [...out, `failed: ${outcome.error}`, ''];
  const j = outcome;
  const s = j.shape;
  out.push(`One operator (\`node main.ts operator\`, resync 15 s) on the real control plane, ${s.jobs} MirrorJobs applied one after another, each mirroring its own topic of ${s.partitions} partitions and ${int(s.recordsPerJob)} records with one worker Pod (a local process through the process kubelet). Kafka requests are the brokers' own count (request log at DEBUG for the idle window), told apart by client id.`, '');
  out.push(table(['jobs', 'applied in s', 'Ready', 'Ready after apply p50 / p99 / max s', 'all CaughtUp after s', 'reconciles while starting (per s, p50 / p99 <=)', 'idle reconciles (per s, p50 / p99 <=)', 'records missing (kcat)'], [[
    s.jobs, f(j.applySeconds), `${j.ready} / ${s.jobs}`, `${f(j.readySeconds.p50)} / ${f(j.readySeconds.p99)} / ${f(j.readySeconds.max)}`, f(j.allCaughtUpSeconds),
    `${int(j.rolloutReconciles.count)} (${f(j.rolloutReconciles.perSecond, 2)}, ${j.rolloutReconciles.p50AtMostSeconds} / ${j.rolloutReconciles.p99AtMostSeconds} s)`,
    `${int(j.idleReconciles.count)} (${f(j.idleReconciles.perSecond, 2)}, ${j.idleReconciles.p50AtMostSeconds} / ${j.idleReconciles.p99AtMostSeconds} s)`, `${int(j.recordsMissing)}${j.topicsUnread?.length ? ` (${j.topicsUnread.length} topics unread: ${j.topicsUnread.slice(0, 3).join(', ')})` : ''}`,
  ]]), '');
  out.push(table(['idle window', 'operator RSS peak / end MiB', 'operator CPU while starting s / idle %', 'worker Pods, RSS MiB (sum), idle CPU %', 'requests/s source: operator / sync / data path', 'requests/s target: operator / sync / data path'], [[
    `${f(j.idleSeconds)} s`, `${int(j.operator.peakRssMiB)} / ${int(j.operator.rssMiB)}`, `${f(j.operator.rolloutCpuSeconds)} / ${f(j.operator.idleCpuPercent)}`, `${j.workers.pods}, ${int(j.workers.rssMiB)}, ${f(j.workers.idleCpuPercent)}`,
    ...(['source', 'target'] as const).map((c) => [j.kafkaRequestsPerSecond[c].operator, j.kafkaRequestsPerSecond[c].sync, j.kafkaRequestsPerSecond[c].workers].map((x) => f(x)).join(' / ')),
  ]]), '');
  if (j.idleSteps && j.idleSteps.length > 0) out.push(`Mean time per idle reconcile, by step (kafka and workers run side by side): ${j.idleSteps.map((s) => `${s.step} ${s.count > 0 ? f(s.seconds / s.count, 2) : '–'} s`).join(', ')}.`, '');
  out.push(`The operator's requests in the idle window: source ${apis(j.operatorRequestsByApi.source)}; target ${apis(j.operatorRequestsByApi.target)}.`, '');
  out.push(`Why these goals: a 2-core machine starts ${s.jobs} Node worker processes at about 1-2 CPU-s each, so ${JOBS_GOALS.allCaughtUpMinutes} minutes leaves room for the control plane and the brokers; a reconcile is a handful of API and Kafka reads, so a p99 over ${JOBS_GOALS.idleReconcileP99Seconds} s means a queue; ${JOBS_GOALS.operatorRssMiB} MiB is half the chart's memory limit; and the status of an idle job should cost the clusters a few reads per resync over connections kept open, not a new connection (with its SASL handshake) per reconcile.`, '');
  return out;
}
