/** What `kafka-mirror verify` compared and what differed. Plain data, printed as a table or JSON. */

export type CheckName = 'topics' | 'partitions' | 'replicationFactor' | 'configs' | 'acls' | 'records' | 'checksums' | 'groups';

export interface Difference {
  check: CheckName | 'conflicts';
  /** What differs: a topic, "topic/partition", a group, an ACL. */
  subject: string;
  detail: string;
}

export interface CheckSummary {
  check: CheckName;
  /** How many things were compared; undefined when the check was not run. */
  compared?: number;
  differences: number;
  /** Why a check did not run, or a remark on how it ran. */
  note?: string;
}

export interface VerifyResult {
  job: string;
  ok: boolean;
  checks: CheckSummary[];
  differences: Difference[];
  /** Records compared on the source side, and on the target side. */
  records: { source: number; target: number };
  durationMs: number;
}

/** Folds per-check counts and differences into a result; ok only when nothing differs. */
export function summarize(job: string, compared: Partial<Record<CheckName, number>>, notes: Partial<Record<CheckName, string>>, differences: Difference[], records: VerifyResult['records'], durationMs: number): VerifyResult {
  const names: CheckName[] = ['topics', 'partitions', 'replicationFactor', 'configs', 'acls', 'records', 'checksums', 'groups'];
  const checks = names.map((check) => ({
    check,
    ...(compared[check] !== undefined ? { compared: compared[check] } : {}),
    differences: differences.filter((d) => d.check === check || (check === 'topics' && d.check === 'conflicts')).length,
    ...(notes[check] !== undefined ? { note: notes[check] } : {}),
  }));
  return { job, ok: differences.length === 0, checks, differences, records, durationMs };
}
