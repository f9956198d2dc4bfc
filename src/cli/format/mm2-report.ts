import type { Disposition, SettingOutcome } from '../mm2/mm2-settings.ts';
import { renderTable } from './table.ts';

const LABELS: Record<Disposition, string> = {
  mapped: 'mapped',
  review: 'CHECK',
  'not-needed': 'not needed',
  'no-equivalent': 'NO EQUIVALENT',
};

/** The import report: every setting of the MirrorMaker 2 file and what became of it. Pure; no values. */
export function renderMm2Report(settings: readonly SettingOutcome[]): string {
  const rows = settings.map((s) => [String(s.line), s.key, LABELS[s.disposition], s.field ?? '', s.note]);
  const count = (d: Disposition) => settings.filter((s) => s.disposition === d).length;
  const summary = `${settings.length} settings: ${count('mapped')} mapped, ${count('review')} to check, ${count('not-needed')} not needed, ${count('no-equivalent')} without an equivalent`;
  return `${renderTable(['LINE', 'SETTING', 'OUTCOME', 'MIRRORJOB FIELD', 'NOTE'], rows, ['right'])}\n\n${summary}`;
}

/** The same, as YAML comment lines above the MirrorJob: what was not carried over travels with it. */
export function mm2HeaderComment(sourceFile: string, settings: readonly SettingOutcome[]): string {
  const notCarried = settings.filter((s) => s.disposition === 'no-equivalent' || s.disposition === 'review');
  const lines = [`Imported from ${sourceFile} by kafka-mirror import-mm2.`, 'Credentials are in the Secret manifests, never in this file.'];
  if (notCarried.length === 0) lines.push('Every MirrorMaker 2 setting was carried over or is not needed.');
  else {
    lines.push('Settings to look at:');
    for (const s of notCarried) lines.push(`  ${s.key} (line ${s.line}): ${s.disposition === 'review' ? 'CHECK: ' : 'no equivalent: '}${s.note}`);
  }
  return lines.map((l) => ` ${l}`).join('\n');
}
