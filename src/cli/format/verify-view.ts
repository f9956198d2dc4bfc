import type { VerifyResult } from '../verify/verify-result.ts';
import { formatCount, formatDuration, plural, renderTable } from './table.ts';

const LABELS: Record<string, string> = {
  topics: 'topic list',
  partitions: 'partition counts',
  replicationFactor: 'replication factor',
  configs: 'topic configs',
  acls: 'ACLs',
  records: 'record counts',
  checksums: 'record checksums',
  groups: 'group offsets',
};

/** `kafka-mirror verify` as text: one row per check, then every difference. Pure. */
export function renderVerify(result: VerifyResult): string {
  const rows = result.checks.map((c) => [
    LABELS[c.check] ?? c.check,
    c.compared === undefined ? '-' : formatCount(c.compared),
    c.compared === undefined ? 'skipped' : c.differences === 0 ? 'OK' : `${formatCount(c.differences)} DIFFERENT`,
    c.note ?? '',
  ]);
  const head = `verify ${result.job}: ${result.ok ? 'source and target match' : `${plural(result.differences.length, 'difference')} found`} (${formatCount(result.records.source)} source records, ${formatCount(result.records.target)} target records, ${formatDuration(result.durationMs / 1000)})`;
  const lines = [head, '', renderTable(['CHECK', 'COMPARED', 'RESULT', 'NOTE'], rows, ['left', 'right'])];
  if (result.differences.length > 0) {
    lines.push('', 'differences:', renderTable(['CHECK', 'WHAT', 'DETAIL'], result.differences.map((d) => [LABELS[d.check] ?? d.check, d.subject, d.detail])));
  }
  return lines.join('\n');
}
