import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../run-dir.ts';
import { kubectl } from './clients.ts';

/** The checked-in expectation of what the operator and the workers may do, beside the role it follows from. */
export const EXPECTED_PERMISSIONS_FILE = join(projectRoot, 'operator', 'rbac', 'expected-permissions.txt');

/** Section names of the expectation file. */
export const PermissionSection = {
  operatorManaged: 'operator ServiceAccount, in a namespace it manages',
  operatorElsewhere: 'operator ServiceAccount, in a namespace it does not manage',
  worker: "worker Pods' ServiceAccount (the namespace's default)",
} as const;

/**
 * What an identity may do in a namespace, as `kubectl auth can-i --list` reports it (a
 * SelfSubjectRulesReview), one rule a line and sorted: `resources | non-resource URLs | names | verbs`,
 * with the verbs sorted too, so the text only changes when a permission does.
 */
export async function permissionsIn(namespace: string, kubeconfig: string): Promise<string[]> {
  return normalizeCanIList(await kubectl(['auth', 'can-i', '--list', '-n', namespace], { kubeconfig }));
}

/** The table of `can-i --list`, cut at its header's column starts (values hold no spaces, but may be empty). */
export function normalizeCanIList(table: string): string[] {
  const [header = '', ...rows] = table.split('\n').filter((line) => line.trim() !== '');
  const starts = ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'].map((title) => {
    const at = header.indexOf(title);
    if (at < 0) throw new Error(`unexpected kubectl auth can-i --list header: ${header}`);
    return at;
  });
  const sortList = (cell: string) => (/^\[.*\]$/.test(cell) ? `[${cell.slice(1, -1).split(/\s+/).filter(Boolean).sort().join(' ')}]` : cell);
  const lines = rows.map((row) => starts.map((start, i) => sortList(row.slice(start, starts[i + 1]).trim() || '-')).join(' | '));
  return [...new Set(lines)].sort();
}

/**
 * An expectation file of named sections (`[name]` then one line each), `#` comments on top. With
 * KMO_UPDATE_EXPECTED=1 the file is first rewritten from what was observed (the header kept): that is
 * how it is regenerated. Either way the sections are read back from the file, so a test compares the
 * world with what is checked in, never with itself.
 */
export function expectationSections(file: string, observed: Record<string, string[]>): Record<string, string[]> {
  if (process.env.KMO_UPDATE_EXPECTED === '1') {
    const header = readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith('#')).join('\n');
    const body = Object.entries(observed).map(([name, lines]) => [`[${name}]`, ...lines].join('\n'));
    writeFileSync(file, `${header}\n\n${body.join('\n\n')}\n`);
  }
  return readExpectation(file);
}

/** The sections of an expectation file as they are checked in. */
export function readExpectation(file: string): Record<string, string[]> {
  const sections: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const name = /^\[(.+)\]$/.exec(line)?.[1];
    if (name) sections[name] = current = [];
    else if (current && line.trim() !== '' && !line.startsWith('#')) current.push(line);
  }
  return sections;
}
