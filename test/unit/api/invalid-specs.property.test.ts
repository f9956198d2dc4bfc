import fc from 'fast-check';
import { validateMirrorJob } from '../../../src/api/validate-mirrorjob.ts';
import { parsePath, withValue } from './mirrorjob.builder.ts';
import type { Manifest } from './mirrorjob.builder.ts';
import { validManifest } from './mirrorjob.arbitraries.ts';

interface Node {
  readonly path: string;
  readonly value: unknown;
}

/** Every value under `spec`, with its dotted path. */
function nodesOf(value: unknown, path = 'spec'): Node[] {
  const children = Array.isArray(value)
    ? value.flatMap((item, index) => nodesOf(item, `${path}[${index}]`))
    : typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, item]) => nodesOf(item, `${path}.${key}`))
      : [];
  return [{ path, value }, ...children];
}

const valueAt = (manifest: Manifest, path: string): unknown =>
  parsePath(path).reduce<unknown>((node, segment) => (node as Record<string | number, unknown> | undefined)?.[segment], manifest);

interface Mutation {
  readonly kind: string;
  readonly manifest: Manifest;
  /** The path an error must name. */
  readonly path: string;
}

const wrongTypeOf = (value: unknown): unknown =>
  Array.isArray(value) ? 'not-a-list' : typeof value === 'object' ? 'not-an-object' : typeof value === 'string' ? 42 : typeof value === 'number' ? '42' : 'true';

const INVALID_REGEXES = ['(', '[', '*', 'a{2,1}', '(?<x', '+x', 'a\\', '(?<n>a)\\k<m>)'];
const REQUIRED = ['spec.source', 'spec.target', 'spec.topics', 'spec.topics.include', 'spec.source.bootstrapServers', 'spec.target.bootstrapServers'];
const ENUMS = ['spec.topics.naming.policy', 'spec.replication.delivery', 'spec.replication.startFrom', 'spec.acls.mode', 'spec.source.sasl.mechanism', 'spec.target.sasl.mechanism'];

/** All the ways this one valid manifest can be broken, each with the path its error must name. */
function mutationsOf(manifest: Manifest, pick: (count: number) => number, word: string): Mutation[] {
  const nodes = nodesOf(manifest.spec);
  const objects = nodes.filter((n) => typeof n.value === 'object' && n.value !== null && !Array.isArray(n.value));
  const patternItems = nodes.filter((n) => /\.(include|exclude)\[\d+\]$/.test(n.path));
  const servers = nodes.filter((n) => /bootstrapServers\[\d+\]$/.test(n.path));
  const nth = <T>(list: readonly T[]): T => list[pick(list.length)] as T;
  const mutations: Mutation[] = [];
  const add = (kind: string, path: string, value: unknown, errorPath = path) =>
    mutations.push({ kind, manifest: withValue(manifest, path, value), path: errorPath });

  const object = nth(objects);
  add('unknown field', `${object.path}.x${word}`, 'surprise');
  const leaf = nth(nodes.slice(1));
  add('wrong type', leaf.path, wrongTypeOf(leaf.value));
  add('missing required field', nth(REQUIRED), undefined);
  const enumPath = nth(ENUMS.filter((path) => valueAt(manifest, path) !== undefined || !path.includes('sasl')));
  add('unknown enum value', enumPath, `Not${word}`);
  if (patternItems.length > 0) add('regex that does not compile', nth(patternItems).path, nth(INVALID_REGEXES));
  add('too few workers', 'spec.replication.workers', nth([0, -1, -100]));
  add('fractional workers', 'spec.replication.workers', nth([0.5, 1.25, 3.999]));
  add('Prefix naming without a prefix', 'spec.topics.naming', nth([{ policy: 'Prefix' }, { policy: 'Prefix', prefix: '' }]), 'spec.topics.naming.prefix');
  mutations.push({ kind: 'cutover while paused', manifest: withValue(withValue(manifest, 'spec.paused', true), 'spec.cutover', true), path: 'spec.cutover' });
  add('bootstrap server without a port', nth(servers).path, word.replace(/[^a-z]/g, '') || 'kafka');
  add('empty Secret name', 'spec.source.sasl', { mechanism: 'PLAIN', credentialsSecretRef: { name: '' } }, 'spec.source.sasl.credentialsSecretRef.name');
  return mutations;
}

const anInvalidJob = fc
  .tuple(validManifest, fc.infiniteStream(fc.nat()), fc.stringMatching(/^[a-z][a-zA-Z]{0,8}$/))
  .map(([manifest, numbers, word]) => {
    const iterator = numbers[Symbol.iterator]();
    const pick = (count: number) => (iterator.next().value as number) % count;
    const mutations = mutationsOf(manifest, pick, word);
    return mutations[pick(mutations.length)] as Mutation;
  });

describe('validateMirrorJob on generated jobs', () => {
  it('accepts valid jobs (the base the mutations start from)', () => {
    fc.assert(
      fc.property(validManifest, (manifest) => {
        const result = validateMirrorJob(manifest);
        expect(result.ok ? [] : result.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses 1,000 broken jobs, each with an error naming the broken path', () => {
    fc.assert(
      fc.property(anInvalidJob, (mutation) => {
        const result = validateMirrorJob(mutation.manifest);
        if (result.ok) throw new Error(`accepted a job with a ${mutation.kind} at ${mutation.path}`);
        const paths = result.errors.map((error) => error.path);
        if (!paths.includes(mutation.path)) throw new Error(`${mutation.kind}: expected an error at ${mutation.path}, got ${JSON.stringify(result.errors)}`);
      }),
      { numRuns: 1000 },
    );
  });
});
