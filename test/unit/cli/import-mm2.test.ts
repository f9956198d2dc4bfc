import { readFileSync } from 'node:fs';
import { validateMirrorJob } from '../../../src/api/index.ts';
import { CliError } from '../../../src/cli/cli-error.ts';
import { parseJaasConfig } from '../../../src/cli/mm2/jaas-config.ts';
import { parseJavaProperties } from '../../../src/cli/mm2/java-properties.ts';
import { importMm2 } from '../../../src/cli/mm2/mm2-to-mirrorjob.ts';

const seed = readFileSync(new URL('../../fixtures/seed-mm2.properties', import.meta.url), 'utf8');

describe('import-mm2 on the seed write-up\'s mm2.properties', () => {
  const imported = importMm2(seed);

  it('makes a valid MirrorJob that mirrors projects.* from event-center to event-center-new, names unchanged', () => {
    const result = validateMirrorJob(imported.job);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { spec } = result.job;
    expect(result.job.metadata.name).toBe('event-center-connector');
    expect(spec.source).toMatchObject({ alias: 'event-center', bootstrapServers: ['source:9193'], sasl: { mechanism: 'PLAIN', credentialsSecretRef: { name: 'event-center-credentials' } } });
    expect(spec.target).toMatchObject({ alias: 'event-center-new', bootstrapServers: ['target:29092'], sasl: { mechanism: 'PLAIN', credentialsSecretRef: { name: 'event-center-new-credentials' } } });
    expect(spec.topics.include).toEqual(['projects.*']);
    expect(spec.topics.naming).toEqual({ policy: 'Identity' });
    expect(spec.groups).toMatchObject({ include: ['.*'], syncOffsets: true });
    expect(spec.configs).toMatchObject({ sync: true, replicationFactor: 3 });
    expect(spec.acls.sync).toBe(true);
    expect(spec.replication.workers).toBe(2);
    expect(spec.syncIntervalSeconds).toBe(60);
  });

  it('accounts for every setting of the file: mapped, not needed, or listed', () => {
    const keys = parseJavaProperties(seed).map((e) => e.key);
    expect(imported.settings.map((s) => s.key).sort()).toEqual([...new Set(keys)].sort());
    for (const s of imported.settings) {
      expect(['mapped', 'review', 'not-needed', 'no-equivalent']).toContain(s.disposition);
      if (s.disposition === 'mapped' || s.disposition === 'review') expect(s.field).toBeTruthy();
      else expect(s.note).not.toBe('');
    }
    // The custom replication policy is a guess the user must confirm.
    expect(imported.settings.find((s) => s.key === 'replication.policy.class')).toMatchObject({ disposition: 'review', field: 'spec.topics.naming' });
  });

  it('puts the passwords in the Secret manifests and nowhere else', () => {
    expect(imported.secrets).toEqual([
      expect.objectContaining({ kind: 'Secret', metadata: { name: 'event-center-credentials' }, stringData: { username: 'admin', password: 'admin-pwd' } }),
      expect.objectContaining({ kind: 'Secret', metadata: { name: 'event-center-new-credentials' }, stringData: { username: 'admin', password: 'admin-pwd' } }),
    ]);
    expect(JSON.stringify(imported.job)).not.toContain('admin-pwd');
    expect(JSON.stringify(imported.settings)).not.toContain('admin-pwd');
  });
});

describe('import-mm2 on other MirrorMaker 2 configs', () => {
  const base = ['clusters = a, b', 'a.bootstrap.servers = a:9092', 'b.bootstrap.servers = b:9092', 'a->b.enabled = true'];

  it('maps DefaultReplicationPolicy to a prefix of the source alias and its separator', () => {
    const job = importMm2([...base, 'replication.policy.separator = _'].join('\n')).job as { spec: { topics: { naming: unknown } } };
    expect(job.spec.topics.naming).toEqual({ policy: 'Prefix', prefix: 'a_' });
  });

  it('reads a MirrorSourceConnector config with SCRAM over TLS', () => {
    const text = [
      'source.cluster.alias = old', 'source.cluster.bootstrap.servers = old:9093', 'source.cluster.security.protocol = SASL_SSL',
      'source.cluster.sasl.mechanism = SCRAM-SHA-512',
      'source.cluster.sasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule required username="mirror" password="p w;d";',
      'target.cluster.alias = new', 'target.cluster.bootstrap.servers = new:9092', 'topics = orders, payments', 'ssl.truststore.location = /etc/ts.jks',
    ].join('\n');
    const imported = importMm2(text);
    expect((imported.job as { spec: { source: unknown } }).spec.source).toEqual({ alias: 'old', bootstrapServers: ['old:9093'], tls: {}, sasl: { mechanism: 'SCRAM-SHA-512', credentialsSecretRef: { name: 'old-credentials' } } });
    expect(imported.secrets[0]?.stringData).toEqual({ username: 'mirror', password: 'p w;d' });
    expect(imported.settings.find((s) => s.key === 'ssl.truststore.location')).toMatchObject({ disposition: 'no-equivalent' });
  });

  it('asks which flow when several are enabled, and lists the other flow\'s settings', () => {
    const text = [...base, 'b->a.enabled = true', 'b->a.topics = x.*'].join('\n');
    expect(() => importMm2(text)).toThrow(/2 replication flows are enabled \(a->b, b->a\); pick one with --flow/);
    const imported = importMm2(text, { flow: 'a->b' });
    expect(imported.settings.find((s) => s.key === 'b->a.topics')).toMatchObject({ disposition: 'no-equivalent', note: expect.stringContaining('--flow b->a') });
  });

  it('refuses a SASL mechanism a MirrorJob cannot hold, without showing the JAAS value', () => {
    const text = [...base, 'a.security.protocol = SASL_PLAINTEXT', 'a.sasl.mechanism = GSSAPI', 'a.sasl.jaas.config = com.sun.security.auth.module.Krb5LoginModule required keyTab="/k" principal="p";'].join('\n');
    expect(() => importMm2(text)).toThrow(CliError);
    expect(() => importMm2(text)).toThrow(/SASL mechanism GSSAPI/);
  });

  it('names the MirrorMaker 2 line behind a field the MirrorJob refuses', () => {
    expect(() => importMm2([...base, 'a->b.topics = *'].join('\n'))).toThrow(/spec\.topics\.include\[0\]: .*from a->b\.topics on line 5/);
  });
});

describe('the properties and JAAS readers', () => {
  it('read separators, continuations and escapes as java.util.Properties does', () => {
    expect(parseJavaProperties('a=1\nb : 2\nc 3\n# x\n! y\nd = long \\\n   value\ne=\\u0041\\tB').map(({ key, value }) => [key, value])).toEqual([
      ['a', '1'], ['b', '2'], ['c', '3'], ['d', 'long value'], ['e', 'A\tB'],
    ]);
  });

  it('reads quoted and bare JAAS options', () => {
    expect(parseJaasConfig('org.apache.kafka.common.security.plain.PlainLoginModule required username=bob password="a b";')).toEqual({
      loginModule: 'org.apache.kafka.common.security.plain.PlainLoginModule', family: 'PLAIN', options: { username: 'bob', password: 'a b' },
    });
    expect(parseJaasConfig('not jaas')).toBeUndefined();
  });
});
