import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiextensionsV1Api, CoreV1Api, CustomObjectsApi, type V1Secret } from '@kubernetes/client-node';
import { parse, parseAllDocuments } from 'yaml';
import { MIRRORJOB_CRD_PATH } from '../../../src/api/crd/mirrorjob-crd.ts';
import { DEFAULT_COMMIT_INTERVAL_MS } from '../../../src/api/replication.schema.ts';
import { validateMirrorJob } from '../../../src/api/validate-mirrorjob.ts';
import type { MirrorJobStatus } from '../../../src/api/mirrorjob-status.schema.ts';
import { adminKubeConfig, kubectl } from '../../helpers/kube/clients.ts';
import { apiErrorOf, applyMirrorJobCrd, ensureMirrorJobCrd, fieldsNamed, mirrorJobCrdName, mirrorJobRef } from '../../helpers/kube/mirrorjob-crd.ts';
import { freshNamespace } from '../../helpers/kube/namespaces.ts';
import { waitFor } from '../../helpers/processes.ts';
import { projectRoot } from '../../helpers/run-dir.ts';
import { aMirrorJob, parsePath, withValue, type Manifest } from '../../unit/api/mirrorjob.builder.ts';
import { validationCases, type ApiServerOutcome, type ValidationCase } from '../../unit/api/validation-cases.ts';

const examplesDir = join(projectRoot, 'examples');
const exampleFiles = readdirSync(examplesDir).filter((file) => file.endsWith('.yaml'));

/** What the API server did with a case under fieldValidation=Strict (kubectl's default), dry run. */
type Observed =
  | { outcome: 'accepts'; object: Manifest }
  | { outcome: Exclude<ApiServerOutcome, 'accepts'>; code: number; fields: string[]; message: string; causes: Array<{ field?: string; message?: string }> };

interface CelRule {
  /** The field the rule reports on, as the API server names it: the rule's object path + its fieldPath. */
  path: string;
  message: string;
}

/** Every x-kubernetes-validations rule of a schema, with the dotted path of the field it reports on. */
function celRulesOf(schema: unknown, path: string): CelRule[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as { properties?: Record<string, unknown>; items?: unknown; 'x-kubernetes-validations'?: Array<{ message: string; fieldPath?: string }> };
  const own = (node['x-kubernetes-validations'] ?? []).map((rule) => ({ path: `${path}${rule.fieldPath ?? ''}`, message: rule.message }));
  const nested = Object.entries(node.properties ?? {}).flatMap(([name, child]) => celRulesOf(child, path === '' ? name : `${path}.${name}`));
  return [...own, ...nested, ...celRulesOf(node.items, `${path}[]`)];
}

const crdFile = parse(readFileSync(join(projectRoot, MIRRORJOB_CRD_PATH), 'utf8')) as { spec: { versions: Array<{ schema: { openAPIV3Schema: unknown } }> } };
const openApiSchema = crdFile.spec.versions[0]?.schema.openAPIV3Schema;

function valueAt(value: unknown, path: string): unknown {
  return parsePath(path).reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined), value);
}

const inNamespace = (manifest: Manifest, namespace: string): Manifest => withValue(manifest, 'metadata.namespace', namespace);

describe('the MirrorJob CRD on a real kube-apiserver', () => {
  let namespace: string;
  let custom: CustomObjectsApi;
  let core: CoreV1Api;
  const observed = new Map<string, Promise<Observed>>();

  beforeAll(async () => {
    await ensureMirrorJobCrd();
    namespace = await freshNamespace('mirrorjob-crd');
    const kc = await adminKubeConfig();
    custom = kc.makeApiClient(CustomObjectsApi);
    core = kc.makeApiClient(CoreV1Api);
  }, 300_000);

  const create = (manifest: Manifest, fieldValidation: 'Strict' | 'Ignore', dryRun?: 'All'): Promise<Manifest> =>
    custom.createNamespacedCustomObject({ ...mirrorJobRef(namespace), body: inNamespace(manifest, namespace), fieldValidation, dryRun }) as Promise<Manifest>;

  /** One dry-run create per case, shared by the tests that look at it. */
  const observe = (c: ValidationCase): Promise<Observed> => {
    let result = observed.get(c.name);
    if (!result) {
      result = create(c.manifest, 'Strict', 'All').then(
        (object): Observed => ({ outcome: 'accepts', object }),
        (err: unknown): Observed => {
          const { code, status } = apiErrorOf(err);
          const message = status.message ?? '';
          const causes = status.details?.causes ?? [];
          return { outcome: /strict decoding error/.test(message) ? 'prunes' : 'rejects', code, fields: fieldsNamed(status), message, causes };
        },
      );
      observed.set(c.name, result);
    }
    return result;
  };

  it('applies the generated CRD, which becomes Established under its names', async () => {
    // What parallel test files do: apply the same CRD again, several at once.
    await Promise.all([1, 2, 3].map(() => applyMirrorJobCrd()));
    await ensureMirrorJobCrd();
    const crd = await (await adminKubeConfig()).makeApiClient(ApiextensionsV1Api).readCustomResourceDefinition({ name: mirrorJobCrdName });
    const conditions = Object.fromEntries((crd.status?.conditions ?? []).map((c) => [c.type, c.status]));
    expect(conditions).toMatchObject({ NamesAccepted: 'True', Established: 'True' });
    expect(crd.status?.acceptedNames).toMatchObject({ kind: 'MirrorJob', shortNames: ['mj'], categories: ['kafka'] });
  });

  it.each(exampleFiles)('accepts every document of examples/%s under fieldValidation=Strict, defaulting as zod does', async (file) => {
    const documents = parseAllDocuments(readFileSync(join(examplesDir, file), 'utf8')).map((d) => d.toJS() as Manifest);
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) {
      if (document.kind === 'Secret') {
        await core.createNamespacedSecret({ namespace, body: inNamespace(document, namespace) as V1Secret, fieldValidation: 'Strict' });
        continue;
      }
      expect(document.kind).toBe('MirrorJob');
      const stored = await create(document, 'Strict');
      const zod = validateMirrorJob(document);
      expect(zod.ok ? [] : zod.errors).toEqual([]);
      if (zod.ok) expect(stored.spec).toEqual(zod.job.spec);
    }
  });

  it.each(validationCases.map((c) => [c.expected.valid ? 'accepts' : c.expected.apiServer, c.name, c] as const))(
    'the API server %s %s',
    async (outcome, _name, c) => {
      const result = await observe(c);
      expect(result.outcome).toBe(outcome);
      if (result.outcome === 'accepts' || c.expected.valid) return;
      const { path } = c.expected;
      expect(result.fields).toContain(path);
      expect(result.code).toBe(result.outcome === 'prunes' ? 400 : 422);
      if (result.outcome === 'prunes') {
        // Without Strict the unknown field is dropped, not refused.
        const pruned = await create(c.manifest, 'Ignore', 'All');
        expect(valueAt(c.manifest, path)).toBeDefined();
        expect(valueAt(pruned, path)).toBeUndefined();
      }
    },
  );

  it.each(validationCases.map((c) => [c.name, c] as const))('zod and the API server agree on %s', async (_name, c) => {
    const server = await observe(c);
    const zod = validateMirrorJob(c.manifest);
    if (server.outcome === 'accepts') {
      if (c.expected.valid) {
        // Accepted by both, with the same defaults.
        expect(zod.ok ? [] : zod.errors).toEqual([]);
        if (zod.ok) expect(server.object.spec).toEqual(zod.job.spec);
      } else {
        // Only zod can tell (a JavaScript regular expression that does not compile).
        expect(c.expected.apiServer).toBe('accepts');
        expect(zod.ok).toBe(false);
      }
      return;
    }
    // Refused by the API server: zod refuses it too, at every field the API server named.
    expect(zod.ok).toBe(false);
    const zodPaths = zod.ok ? [] : zod.errors.map((e) => e.path);
    expect([...new Set(zodPaths)].sort()).toEqual([...server.fields].sort());
  });

  it('meets every CEL rule of the CRD in some case, where zod gives the same message at the same path', async () => {
    const rules = celRulesOf(openApiSchema, '');
    expect(rules.map((r) => r.path).sort()).toEqual(['spec.cutover', 'spec.topics.naming.prefix', 'spec.topics.naming.prefix']);
    for (const rule of rules) {
      const meeting = [];
      for (const c of validationCases) {
        const server = await observe(c);
        if (server.outcome === 'accepts' || !server.causes.some((cause) => cause.field === rule.path && cause.message?.includes(rule.message))) continue;
        meeting.push(c.name);
        const zod = validateMirrorJob(c.manifest);
        expect(zod.ok ? [] : zod.errors).toContainEqual({ path: rule.path, message: rule.message });
      }
      // On failure, names the rule no case meets.
      expect({ rule: rule.message, meeting }).toEqual({ rule: rule.message, meeting: expect.arrayContaining([expect.any(String)]) });
    }
  });

  it('kubectl explain shows the schema descriptions', async () => {
    const topics = valueAt(openApiSchema, 'properties.spec.properties.topics') as { description: string; properties: Record<string, unknown> };
    const words = (text: string) => text.replace(/\s+/g, ' ').trim();
    expect(topics.description).toBe('Which source topics are mirrored and how they are named on the target.');
    // The API server publishes a new CRD's OpenAPI a moment after it is Established.
    const explained = await waitFor('kubectl explain mirrorjob.spec.topics', async () => {
      const out = await kubectl(['explain', 'mirrorjob.spec.topics']);
      return words(out).includes(topics.description) ? out : undefined;
    });
    expect(words(explained)).toMatch(/KIND: MirrorJob VERSION: v1alpha1/);
    for (const field of Object.keys(topics.properties)) expect(explained).toMatch(new RegExp(`^\\s+${field}\\s+<`, 'm'));
    const include = await kubectl(['explain', 'mirrorjob.spec.topics.include']);
    expect(words(include)).toContain('`projects.*` matches `projects.orders` but not `old-projects.orders`');
  });

  it('kubectl get shows the printer columns with the values of a status patched through the status subresource', async () => {
    await create(aMirrorJob({}, 'columns'), 'Strict');
    const status: MirrorJobStatus = {
      observedGeneration: 1,
      phase: 'Replicating',
      progress: { topics: { matched: 42, created: 40 }, partitions: { total: 120, caughtUp: 100 }, recordsBehind: 1234, recordsCopied: 98765 },
      lag: { records: 1234, maxPartitionRecords: 600, topTopics: [{ name: 'projects.orders', records: 1000 }] },
      groups: { matched: 3, synced: 3, failedCount: 0, failed: [] },
      workers: { desired: 3, ready: 2, selector: 'app.kubernetes.io/instance=columns' },
    };
    // The status is one zod accepts too, so the operator could have written it.
    const withStatus = validateMirrorJob({ ...aMirrorJob({}, 'columns'), status });
    expect(withStatus.ok ? [] : withStatus.errors).toEqual([]);
    await kubectl(['-n', namespace, 'patch', 'mj/columns', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);

    const lines = (await kubectl(['-n', namespace, 'get', 'mj'])).trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+PHASE\s+TOPICS\s+LAG\s+WORKERS\s+AGE$/);
    expect(lines).toContainEqual(expect.stringMatching(/^columns\s+Replicating\s+42\s+1234\s+2\s+\d+[smh]$/));
  });

  it('kubectl scale sets spec.replication.workers through the scale subresource', async () => {
    await create(aMirrorJob({}, 'scaled'), 'Strict');
    await kubectl(['-n', namespace, 'scale', 'mj/scaled', '--replicas=3']);
    const job = (await custom.getNamespacedCustomObject({ ...mirrorJobRef(namespace), name: 'scaled' })) as Manifest;
    // The rest of spec.replication is the CRD's defaults, filled in by the apiserver.
    expect(valueAt(job, 'spec.replication')).toEqual({ workers: 3, delivery: 'ExactlyOnce', startFrom: 'Earliest', commitIntervalMs: DEFAULT_COMMIT_INTERVAL_MS });
    const scale = JSON.parse(await kubectl(['-n', namespace, 'get', 'mj/scaled', '--subresource=scale', '-o', 'json'])) as { kind: string; spec: { replicas: number } };
    expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 3 } });
  });
});
