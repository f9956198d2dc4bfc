import { readFileSync, readdirSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { validateMirrorJob } from '../../../src/api/validate-mirrorjob.ts';
import type { MirrorJob } from '../../../src/api/mirrorjob.schema.ts';

const examplesDir = new URL('../../../examples/', import.meta.url);

function documentsOf(file: string): Record<string, unknown>[] {
  const text = readFileSync(new URL(file, examplesDir), 'utf8');
  return parseAllDocuments(text).map((document) => document.toJS() as Record<string, unknown>);
}

function validJob(file: string): MirrorJob {
  const [document] = documentsOf(file).filter((d) => d.kind === 'MirrorJob');
  const result = validateMirrorJob(document);
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.errors)}`);
  return result.job;
}

describe('the examples', () => {
  const files = readdirSync(examplesDir).filter((file) => file.endsWith('.yaml'));

  it('include the seed migration, disaster recovery and minimal jobs', () => {
    expect(files).toEqual(expect.arrayContaining(['seed-migration.yaml', 'seed-migration-secrets.yaml', 'disaster-recovery.yaml', 'minimal.yaml']));
  });

  it.each(files)('%s: every MirrorJob in it is valid', (file) => {
    for (const document of documentsOf(file).filter((d) => d.kind === 'MirrorJob')) {
      const result = validateMirrorJob(document);
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('the seed migration keeps names, takes all groups, syncs configs and ACLs, as the write-up did', () => {
    const { spec } = validJob('seed-migration.yaml');
    expect(spec.source.alias).toBe('event-center');
    expect(spec.target.alias).toBe('event-center-new');
    expect(spec.source.sasl?.mechanism).toBe('PLAIN');
    expect(spec.topics.include).toEqual(['projects.*']);
    expect(spec.topics.naming.policy).toBe('Identity');
    expect(spec.groups).toMatchObject({ include: ['.*'], syncOffsets: true });
    expect(spec.configs.sync && spec.acls.sync).toBe(true);
  });

  it('the seed migration secrets provide every key the job references, with placeholder values', () => {
    const { spec, metadata } = validJob('seed-migration.yaml');
    const secrets = documentsOf('seed-migration-secrets.yaml');
    for (const reference of [spec.source.sasl?.credentialsSecretRef, spec.target.sasl?.credentialsSecretRef]) {
      const secret = secrets.find((s) => (s.metadata as { name: string }).name === reference?.name);
      expect(secret).toMatchObject({ kind: 'Secret', metadata: { namespace: metadata.namespace } });
      const data = (secret?.stringData ?? {}) as Record<string, string>;
      expect(Object.keys(data).sort()).toEqual([reference?.passwordKey, reference?.usernameKey].sort());
      for (const value of Object.values(data)) expect(value).toMatch(/^REPLACE-WITH-/);
    }
  });

  it('disaster recovery prefixes topic names; minimal relies on defaults', () => {
    expect(validJob('disaster-recovery.yaml').spec.topics.naming).toEqual({ policy: 'Prefix', prefix: 'primary.' });
    const minimal = validJob('minimal.yaml').spec;
    expect(minimal.replication).toEqual({ startFrom: 'Earliest', delivery: 'ExactlyOnce', workers: 1, commitIntervalMs: 5000 });
    expect(minimal.syncIntervalSeconds).toBe(10);
  });
});
