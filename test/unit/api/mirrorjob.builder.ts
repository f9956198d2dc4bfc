import type { MirrorJobSpecInput } from '../../../src/api/mirrorjob-spec.schema.ts';

/** A plain JSON value tree, as a manifest read from YAML is. */
export type Manifest = Record<string, unknown>;

/** A valid MirrorJob manifest: plaintext clusters, one topic pattern; `spec` fields replace the defaults here. */
export function aMirrorJob(spec: Partial<MirrorJobSpecInput> = {}, name = 'orders-mirror'): Manifest {
  return {
    apiVersion: 'kafkamirror.io/v1alpha1',
    kind: 'MirrorJob',
    metadata: { name, namespace: 'default' },
    spec: {
      source: { alias: 'event-center', bootstrapServers: ['source-kafka:9092'] },
      target: { alias: 'event-center-new', bootstrapServers: ['target-kafka:9092'] },
      topics: { include: ['projects.*'] },
      ...spec,
    },
  };
}

/** A SASL/PLAIN connection whose credentials are a Secret reference. */
export function aSaslConnection(secretName = 'kafka-credentials'): MirrorJobSpecInput['source'] {
  return { bootstrapServers: ['kafka:9092'], sasl: { mechanism: 'PLAIN', credentialsSecretRef: { name: secretName } } };
}

/** Splits "spec.topics.include[0]" into ["spec", "topics", "include", 0]. */
export function parsePath(path: string): (string | number)[] {
  return path
    .split(/\.|(?=\[)/)
    .filter((segment) => segment !== '')
    .map((segment) => (segment.startsWith('[') ? Number(segment.slice(1, -1)) : segment));
}

/** A deep copy of `manifest` with the value at `path` set (or removed when value is undefined); parents are created. */
export function withValue(manifest: Manifest, path: string, value: unknown): Manifest {
  const copy = structuredClone(manifest);
  const segments = parsePath(path);
  let node: Record<string | number, unknown> = copy;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null) node[segment] = {};
    node = node[segment] as Record<string | number, unknown>;
  }
  const last = segments[segments.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else {
    node[last] = value;
  }
  return copy;
}
