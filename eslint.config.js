import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The dependency rule of docs/architecture.md, checked on every lint: each folder of src/ may import
 * only folders of a lower layer (the lists below, lowest first; folders of one layer are independent
 * of each other). A relative import names a folder as `../<folder>/` (or `../../<folder>/` from a
 * subfolder), which is what the patterns match.
 */
const LAYERS = [
  ['errors', 'api'],
  ['runtime', 'kafka', 'job'],
  ['planner'],
  ['replication'],
  ['sync'],
  ['session', 'lag'],
  ['worker', 'cli'],
];

const folderImport = (folders) => `^(\\.\\./)+(${folders.join('|')})/`;

/** The boundary of src/kafka: the library and the folder's own files only through src/kafka/index.ts. */
const kafkaBoundary = [
  { group: ['@platformatic/kafka', '@platformatic/kafka/*'], message: 'Only src/kafka talks to Kafka: use what src/kafka/index.ts exports.' },
  { regex: '(^|/)kafka/(?!index\\.ts$)', message: 'Import src/kafka through src/kafka/index.ts: its other files are the wire internals.' },
];
const noOperator = { regex: '(^|/)operator/', message: 'src/ never imports operator/ (the operator depends on src/, not the other way).' };

function layerRules(folder, layer) {
  const above = LAYERS.slice(layer + 1).flat();
  const siblings = LAYERS[layer].filter((f) => f !== folder);
  const forbidden = [...above, ...siblings];
  return forbidden.length === 0 ? [] : [{ regex: folderImport(forbidden), message: `src/${folder} may import only lower layers (${LAYERS.slice(0, layer).flat().join(', ') || 'none'}); see docs/architecture.md.` }];
}

/** The planner is pure: no Node I/O, no client library, nothing of the parts that do I/O (types of the Kafka port allowed). */
const plannerPurity = [
  { regex: '^node:', message: 'The planner is pure: no I/O (src/planner/DESIGN.md).' },
  { regex: folderImport(['runtime']), message: 'The planner is pure: no logger, no server (src/planner/DESIGN.md).' },
  { group: ['@kubernetes/*', 'prom-client', 'pino'], message: 'The planner is pure: no I/O (src/planner/DESIGN.md).' },
  { regex: '(^|/)kafka/index\\.ts$', allowTypeImports: true, message: 'The planner may use the Kafka port\'s types, never a client.' },
];

const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['node_modules/', '.cache/', 'crds/', 'charts/**/generated/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // One override per folder (a later override replaces an earlier one's patterns, so each holds all of its rules).
  ...LAYERS.flatMap((folders, layer) =>
    folders.map((folder) => ({
      files: [`src/${folder}/**/*.ts`],
      rules: {
        '@typescript-eslint/no-restricted-imports': restrict([
          ...layerRules(folder, layer),
          noOperator,
          ...(folder === 'kafka' ? [] : kafkaBoundary),
          ...(folder === 'planner' ? plannerPurity : []),
        ]),
      },
    })),
  ),
  { files: ['operator/**/*.ts', 'main.ts'], rules: { '@typescript-eslint/no-restricted-imports': restrict(kafkaBoundary) } },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
