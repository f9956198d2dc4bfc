import { readFileSync } from 'node:fs';
import { importMm2 } from '../../../src/cli/mm2/mm2-to-mirrorjob.ts';

const doc = readFileSync(new URL('../../../docs/mm2-settings.md', import.meta.url), 'utf8');
const seed = readFileSync(new URL('../../fixtures/seed-mm2.properties', import.meta.url), 'utf8');

/** The setting's name as the doc writes it: cluster and flow prefixes become <alias>, wildcards match families. */
function documented(baseName: string): boolean {
  const parts = baseName.split('.');
  const families = parts.slice(1).map((_, i) => `\`${parts.slice(0, i + 1).join('.')}.*\``);
  return [`\`${baseName}\``, `\`<alias>.${baseName}\``, ...families].some((form) => doc.includes(form));
}

it('docs/mm2-settings.md covers every setting of the seed mm2.properties', () => {
  const { settings, layout } = importMm2(seed);
  const missing = settings.map((s) => layout.baseName(s.key)).filter((base) => base !== 'enabled' && !documented(base));
  expect(missing).toEqual([]);
});
