import { validateMirrorJob } from '../../../src/api/validate-mirrorjob.ts';
import { formatValidationErrors } from '../../../src/api/validation-errors.ts';
import { aMirrorJob } from './mirrorjob.builder.ts';

const bareSpec = () => structuredClone(aMirrorJob().spec) as Record<string, unknown>;

describe('validateMirrorJob', () => {
  it('returns the job with every default applied', () => {
    const result = validateMirrorJob(aMirrorJob());
    if (!result.ok) throw new Error(formatValidationErrors(result.errors));
    expect(result.job.spec).toMatchObject({
      topics: { exclude: [], naming: { policy: 'Identity' } },
      configs: { sync: true, exclude: expect.arrayContaining(['min.insync.replicas', 'message.timestamp.type']) },
      acls: { sync: true, mode: 'MirrorMaker2Compatible' },
      groups: { include: ['.*'], exclude: [], syncOffsets: true },
      replication: { startFrom: 'Earliest', delivery: 'ExactlyOnce', workers: 1 },
      syncIntervalSeconds: 10,
      cutover: false,
      paused: false,
    });
  });

  it('fills the default Secret keys of a credentials reference', () => {
    const result = validateMirrorJob(aMirrorJob({ source: { bootstrapServers: ['a:9092'], sasl: { mechanism: 'PLAIN', credentialsSecretRef: { name: 'creds' } } } }));
    expect(result.ok && result.job.spec.source.sasl?.credentialsSecretRef).toEqual({ name: 'creds', usernameKey: 'username', passwordKey: 'password' });
  });

  it('accepts a bare spec given a name, with paths relative to the spec', () => {
    const named = validateMirrorJob(bareSpec(), { name: 'local', namespace: 'ns' });
    expect(named.ok && named.job.metadata).toEqual({ name: 'local', namespace: 'ns' });
    const broken = validateMirrorJob({ ...bareSpec(), replicaton: {} }, { name: 'local' });
    expect(broken).toEqual({ ok: false, errors: [{ path: 'replicaton', message: 'unknown field "replicaton"; did you mean "replication"?' }] });
  });

  it('asks for a name when a bare spec has none', () => {
    expect(validateMirrorJob(bareSpec())).toEqual({ ok: false, errors: [expect.objectContaining({ path: 'metadata.name' })] });
  });

  it('lists the known fields when an unknown one is nothing like them', () => {
    const result = validateMirrorJob({ ...aMirrorJob(), spec: { ...bareSpec(), acls: { sync: true, password: 'x' } } });
    expect(result.ok ? [] : result.errors).toEqual([{ path: 'spec.acls.password', message: 'unknown field "password"; known fields here: sync, mode' }]);
  });

  it('refuses what is not an object, and a manifest of another kind', () => {
    expect(validateMirrorJob('spec: {}')).toEqual({ ok: false, errors: [expect.objectContaining({ path: '' })] });
    const result = validateMirrorJob({ ...aMirrorJob(), apiVersion: 'v1', kind: 'ConfigMap' });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'apiVersion', message: 'apiVersion must be kafkamirror.io/v1alpha1' },
      { path: 'kind', message: 'kind must be MirrorJob' },
    ]);
  });

  it('reports every error at once, in document order, with [i] for list items', () => {
    const result = validateMirrorJob(
      aMirrorJob({ source: { bootstrapServers: ['ok:9092', 'no-port'] }, topics: { include: ['fine', '('] }, replication: { workers: 0 } }),
    );
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['spec.source.bootstrapServers[1]', 'spec.topics.include[1]', 'spec.replication.workers']);
  });

  it('accepts and keeps a status written by the operator', () => {
    const status = { phase: 'CaughtUp', workers: { desired: 1, ready: 1 } };
    const result = validateMirrorJob({ ...aMirrorJob(), status });
    expect(result.ok && result.job.status).toEqual(status);
  });
});

describe('empty YAML values', () => {
  it('reads a null field as absent, as the API server does, so defaults apply', () => {
    const result = validateMirrorJob({ ...aMirrorJob(), spec: { ...(aMirrorJob().spec as object), paused: null, replication: null } });
    expect(result.ok).toBe(true);
    if (result.ok) expect([result.job.spec.paused, result.job.spec.replication.workers]).toEqual([false, 1]);
  });
});
