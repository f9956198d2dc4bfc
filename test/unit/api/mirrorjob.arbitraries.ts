import fc from 'fast-check';
import { aMirrorJob } from './mirrorjob.builder.ts';
import type { Manifest } from './mirrorjob.builder.ts';

// Generators of VALID MirrorJob manifests; invalid ones are made by mutating these.

const secretName = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/);
const secretKey = fc.stringMatching(/^[a-zA-Z0-9][-._a-zA-Z0-9]{0,10}$/);
const alias = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/);
const server = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}[a-z0-9]$/), fc.integer({ min: 1, max: 65535 })).map(([host, port]) => `${host}:${port}`);
const pattern = fc.constantFrom('projects.*', '.*', 'orders', 'a|b', '[a-z]+\\.events', 'logs-\\d+', '(eu|us)-.*', 'x{1,3}');
const patterns = (minLength: number) => fc.array(pattern, { minLength, maxLength: 4 });

const sasl = fc.record(
  {
    mechanism: fc.constantFrom('PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'),
    credentialsSecretRef: fc.record({ name: secretName, usernameKey: secretKey, passwordKey: secretKey }, { requiredKeys: ['name'] }),
  },
  { requiredKeys: ['mechanism', 'credentialsSecretRef'] },
);

const tls = fc.record(
  {
    caSecretRef: fc.record({ name: secretName, key: secretKey }, { requiredKeys: ['name'] }),
    clientCertSecretRef: fc.record({ name: secretName, certificateKey: secretKey, privateKeyKey: secretKey }, { requiredKeys: ['name'] }),
  },
  { requiredKeys: [] },
);

const connection = fc.record(
  { alias, bootstrapServers: fc.array(server, { minLength: 1, maxLength: 3 }), sasl, tls },
  { requiredKeys: ['bootstrapServers'] },
);

const naming = fc.oneof(
  fc.constant({}),
  fc.constant({ policy: 'Identity' }),
  fc.stringMatching(/^[a-zA-Z0-9._-]{1,20}$/).map((prefix) => ({ policy: 'Prefix', prefix })),
);

const replication = fc.record(
  {
    startFrom: fc.constantFrom('Earliest', 'Latest'),
    delivery: fc.constantFrom('ExactlyOnce', 'AtLeastOnce'),
    workers: fc.integer({ min: 1, max: 64 }),
    maxBytesPerSecond: fc.integer({ min: 1, max: 2 ** 40 }),
  },
  { requiredKeys: [] },
);

// cutover and paused are never both true in a valid job.
const lifecycle = fc.constantFrom({}, { cutover: true }, { paused: true }, { cutover: false, paused: false }, { cutover: true, paused: false });

export const validSpec = fc
  .record({
    source: connection,
    target: connection,
    topics: fc.record({ include: patterns(1), exclude: patterns(0), naming }, { requiredKeys: ['include'] }),
    configs: fc.record(
      { sync: fc.boolean(), exclude: patterns(0), replicationFactor: fc.integer({ min: 1, max: 5 }) },
      { requiredKeys: [] },
    ),
    acls: fc.record({ sync: fc.boolean(), mode: fc.constantFrom('MirrorMaker2Compatible', 'Full') }, { requiredKeys: [] }),
    groups: fc.record({ include: patterns(0), exclude: patterns(0), syncOffsets: fc.boolean() }, { requiredKeys: [] }),
    replication,
    syncIntervalSeconds: fc.integer({ min: 1, max: 3600 }),
    lifecycle,
  }, { requiredKeys: ['source', 'target', 'topics', 'lifecycle'] })
  .map(({ lifecycle: flags, ...spec }) => ({ ...spec, ...flags }));

/** A valid whole MirrorJob manifest. */
export const validManifest: fc.Arbitrary<Manifest> = validSpec.map((spec) => aMirrorJob(spec as never));
