import { aMirrorJob, aSaslConnection, withValue } from './mirrorjob.builder.ts';
import type { Manifest } from './mirrorjob.builder.ts';

/**
 * What the API server does with an invalid manifest:
 * - rejects: the CRD schema or one of its CEL rules refuses it;
 * - prunes: an unknown field, dropped silently, or refused under fieldValidation=Strict (kubectl's
 *   default) with 400 "strict decoding error: unknown field \"spec.topic\"";
 * - accepts: only the operator and the CLI catch it (JavaScript regex syntax is not checkable in CEL).
 */
export type ApiServerOutcome = 'rejects' | 'prunes' | 'accepts';

export type Expectation = { valid: true } | { valid: false; path: string; apiServer: ApiServerOutcome };

/**
 * One example held against both validators: zod now, the real API server with the generated CRD
 * later. The API server reports CEL and schema errors under the same dotted paths (checked by hand
 * against kube-apiserver v1.36.3 when this table was written: every case behaved as expected).
 */
export interface ValidationCase {
  readonly name: string;
  /** A whole MirrorJob manifest, ready to POST. */
  readonly manifest: Manifest;
  readonly expected: Expectation;
}

const valid = (name: string, manifest: Manifest): ValidationCase => ({ name, manifest, expected: { valid: true } });
const invalid = (name: string, manifest: Manifest, path: string, apiServer: ApiServerOutcome = 'rejects'): ValidationCase => ({
  name,
  manifest,
  expected: { valid: false, path, apiServer },
});
const base = aMirrorJob();
const set = (path: string, value: unknown) => withValue(base, path, value);
const sasl = aMirrorJob({ source: aSaslConnection('source-credentials') });

export const validationCases: readonly ValidationCase[] = [
  valid('the smallest job', base),
  valid('prefix naming with a prefix', set('spec.topics.naming', { policy: 'Prefix', prefix: 'event-center.' })),
  valid('identity naming written out', set('spec.topics.naming', { policy: 'Identity' })),
  valid('cutover on a running job', set('spec.cutover', true)),
  valid('a paused job', set('spec.paused', true)),
  valid('paused and cutover false together', withValue(set('spec.paused', true), 'spec.cutover', false)),
  valid('several workers', set('spec.replication', { workers: 12, delivery: 'AtLeastOnce', startFrom: 'Latest' })),
  valid('SASL credentials by reference with default keys', sasl),
  valid('TLS with a CA and a client certificate', set('spec.target.tls', { caSecretRef: { name: 'ca' }, clientCertSecretRef: { name: 'client-tls' } })),
  valid('an IPv6 bootstrap server', set('spec.source.bootstrapServers', ['[fd00::1]:9092'])),
  valid('loosely typed worker template parts', set('spec.workerTemplate', { resources: { limits: { cpu: 2 } }, tolerations: [{ operator: 'Exists' }] })),

  invalid('Prefix naming without a prefix', set('spec.topics.naming', { policy: 'Prefix' }), 'spec.topics.naming.prefix'),
  invalid('Prefix naming with an empty prefix', set('spec.topics.naming', { policy: 'Prefix', prefix: '' }), 'spec.topics.naming.prefix'),
  invalid('a prefix with Identity naming', set('spec.topics.naming', { policy: 'Identity', prefix: 'dr.' }), 'spec.topics.naming.prefix'),
  invalid('a prefix Kafka cannot use in topic names', set('spec.topics.naming', { policy: 'Prefix', prefix: 'dr/' }), 'spec.topics.naming.prefix'),
  invalid('an unknown naming policy', set('spec.topics.naming', { policy: 'Suffix' }), 'spec.topics.naming.policy'),
  invalid('cutover on a paused job', withValue(set('spec.paused', true), 'spec.cutover', true), 'spec.cutover'),
  invalid('zero workers', set('spec.replication', { workers: 0 }), 'spec.replication.workers'),
  invalid('negative workers', set('spec.replication', { workers: -2 }), 'spec.replication.workers'),
  invalid('a fraction of a worker', set('spec.replication', { workers: 1.5 }), 'spec.replication.workers'),
  invalid('workers as text', set('spec.replication', { workers: 'three' }), 'spec.replication.workers'),
  invalid('an unknown delivery guarantee', set('spec.replication', { delivery: 'Exactly' }), 'spec.replication.delivery'),
  invalid('an unknown start position', set('spec.replication', { startFrom: 'Beginning' }), 'spec.replication.startFrom'),
  invalid('a zero throughput limit', set('spec.replication', { maxBytesPerSecond: 0 }), 'spec.replication.maxBytesPerSecond'),
  invalid('a zero sync interval', set('spec.syncIntervalSeconds', 0), 'spec.syncIntervalSeconds'),
  invalid('a zero replication factor', set('spec.configs', { replicationFactor: 0 }), 'spec.configs.replicationFactor'),
  invalid('no topic pattern', set('spec.topics.include', []), 'spec.topics.include'),
  invalid('no topics section', set('spec.topics', undefined), 'spec.topics'),
  invalid('an empty topic pattern', set('spec.topics.include', ['']), 'spec.topics.include[0]'),
  invalid('a topic pattern that does not compile', set('spec.topics.include', ['projects.(*']), 'spec.topics.include[0]', 'accepts'),
  invalid('a topic exclusion that does not compile', set('spec.topics.exclude', ['ok.*', '[']), 'spec.topics.exclude[1]', 'accepts'),
  invalid('a group pattern that does not compile', set('spec.groups', { include: ['(app'] }), 'spec.groups.include[0]', 'accepts'),
  invalid('a config exclusion that does not compile', set('spec.configs', { exclude: ['*.ms'] }), 'spec.configs.exclude[0]', 'accepts'),
  invalid('no target', set('spec.target', undefined), 'spec.target'),
  invalid('no bootstrap servers', set('spec.source.bootstrapServers', []), 'spec.source.bootstrapServers'),
  invalid('a bootstrap server without a port', set('spec.source.bootstrapServers', ['kafka']), 'spec.source.bootstrapServers[0]'),
  invalid('an unknown SASL mechanism', withValue(sasl, 'spec.source.sasl.mechanism', 'GSSAPI'), 'spec.source.sasl.mechanism'),
  invalid('SASL without credentials', withValue(sasl, 'spec.source.sasl.credentialsSecretRef', undefined), 'spec.source.sasl.credentialsSecretRef'),
  invalid('a credentials reference without a Secret name', withValue(sasl, 'spec.source.sasl.credentialsSecretRef', { usernameKey: 'user' }), 'spec.source.sasl.credentialsSecretRef.name'),
  invalid('a credentials reference with an empty Secret name', withValue(sasl, 'spec.source.sasl.credentialsSecretRef.name', ''), 'spec.source.sasl.credentialsSecretRef.name'),
  invalid('a credentials reference with an empty password key', withValue(sasl, 'spec.source.sasl.credentialsSecretRef.passwordKey', ''), 'spec.source.sasl.credentialsSecretRef.passwordKey'),
  invalid('a CA reference without a Secret name', set('spec.target.tls', { caSecretRef: { key: 'ca.crt' } }), 'spec.target.tls.caSecretRef.name'),
  invalid('a Secret name Kubernetes would refuse', set('spec.target.tls', { caSecretRef: { name: 'My_CA' } }), 'spec.target.tls.caSecretRef.name'),
  invalid('an inline password', withValue(sasl, 'spec.source.sasl.password', 'admin-pwd'), 'spec.source.sasl.password', 'prunes'),
  invalid('a misspelt spec field', set('spec.topic', { include: ['x'] }), 'spec.topic', 'prunes'),
  invalid('an unknown field in a nested object', set('spec.groups', { syncOffset: true }), 'spec.groups.syncOffset', 'prunes'),
  invalid('a cluster alias with a space', set('spec.source.alias', 'event center'), 'spec.source.alias'),
];
