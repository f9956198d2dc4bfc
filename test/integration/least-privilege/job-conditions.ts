import type { Condition } from '../../../src/api/index.ts';
import { computeStatus } from '../../../operator/mirrorjob.status.ts';
import { parseWorkerReport } from '../../../operator/worker-report.ts';

/**
 * The conditions the operator would write for a one-worker job (every sync on) from what that worker answered on
 * /status: the operator's own parser and its pure computeStatus, fed a real worker's real answer.
 * Lag is not measured here (progress undefined), so only the worker-fed conditions are meaningful.
 */
export function conditionsFromWorker(body: unknown): Condition[] {
  const report = parseWorkerReport('lp-worker-0', body);
  if (!report) throw new Error(`not a worker's /status: ${JSON.stringify(body)}`);
  const status = computeStatus(
    { generation: 1, status: undefined },
    {
      paused: false,
      cutover: { requested: false, syncOffsets: true },
      sync: { configs: true, acls: true, groups: true },
      workers: { desired: 1, ready: report.ready ? 1 : 0, outdated: 0, selector: 'app=lp', revision: report.revision },
      progress: undefined,
      workerReports: { reports: [report], unread: [] },
    },
    new Date(),
  );
  return status.conditions ?? [];
}
