import { z } from 'zod';
import {
  clientCertificateSecretReferenceSchema,
  credentialsSecretReferenceSchema,
  secretKeyReferenceSchema,
} from './secret-reference.schema.ts';

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

// host:port or [ipv6]:port. Kept RE2-compatible because the API server evaluates it too.
// ASCII white space spelled out: `\s` means more in JavaScript than in the API server's RE2, and both must agree.
const BOOTSTRAP_SERVER = /^(\[[0-9a-fA-F:.]+\]|[^ \t\r\n\f\v:[\]]+):[0-9]{1,5}$/;
// Aliases end up in metric labels, log fields and Kubernetes labels, hence the label alphabet.
const ALIAS = /^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/;

export const tlsSchema = z.strictObject({
  caSecretRef: secretKeyReferenceSchema('ca.crt', 'the PEM certificate(s) of the authority that signed the brokers\' certificates')
    .optional()
    .describe('Secret key holding the CA certificate(s) to trust. When omitted, the system trust store is used.'),
  clientCertSecretRef: clientCertificateSecretReferenceSchema
    .optional()
    .describe('Secret holding a client certificate and key for mutual TLS. When omitted, no client certificate is sent.'),
});

export const saslSchema = z.strictObject({
  mechanism: z.enum(SASL_MECHANISMS).describe('SASL mechanism the brokers expect: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.'),
  credentialsSecretRef: credentialsSecretReferenceSchema.describe(
    'Secret holding the SASL username and password; credentials are only ever referenced, never written in the MirrorJob.',
  ),
});

/** How to reach one Kafka cluster. TLS and SASL combine into Kafka's security.protocol. */
export const clusterConnectionSchema = z.strictObject({
  alias: z
    .string()
    .max(63)
    .regex(ALIAS, 'an alias uses letters, digits, ".", "_" and "-", and starts and ends with a letter or digit')
    .optional()
    .describe(
      'Short name of the cluster (like a MirrorMaker 2 cluster alias, e.g. "event-center"), shown in status, metrics and logs. When omitted, "source" or "target" is used.',
    ),
  bootstrapServers: z
    .array(
      z
        .string()
        .regex(BOOTSTRAP_SERVER, 'a bootstrap server is written host:port, e.g. "kafka-0.kafka:9092"')
        .describe('One broker address, host:port.'),
    )
    .min(1, 'list at least one bootstrap server (host:port)')
    .describe('Broker addresses (host:port) used for the first connection; the rest of the cluster is discovered from them.'),
  tls: tlsSchema
    .optional()
    .describe('Connect with TLS (security.protocol SSL, or SASL_SSL together with sasl). When omitted, connections are plaintext.'),
  sasl: saslSchema
    .optional()
    .describe('Authenticate with SASL (security.protocol SASL_PLAINTEXT, or SASL_SSL together with tls). When omitted, no SASL authentication is done.'),
});

export type TlsSettings = z.output<typeof tlsSchema>;
export type SaslSettings = z.output<typeof saslSchema>;
export type ClusterConnection = z.output<typeof clusterConnectionSchema>;
