// Writes the CRDs generated from the zod schemas in src/api. Run: node scripts/generate-crds.ts
// test/unit/api/crd-up-to-date.test.ts fails until this has been run after a schema change.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MIRRORJOB_CRD_PATH, renderMirrorJobCrdYaml } from '../src/api/crd/mirrorjob-crd.ts';

const target = fileURLToPath(new URL(`../${MIRRORJOB_CRD_PATH}`, import.meta.url));
writeFileSync(target, renderMirrorJobCrdYaml());
console.log(`wrote ${MIRRORJOB_CRD_PATH}`);
