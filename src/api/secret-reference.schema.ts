import { z } from 'zod';

// Kubernetes' own limits (IsDNS1123Subdomain for object names, IsConfigMapKey for data keys), so a
// reference the API server would never resolve is refused when the MirrorJob is written, not later.
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

export const secretNameSchema = z
  .string()
  .min(1, { message: 'the Secret name must not be empty', abort: true })
  .max(253)
  .regex(SECRET_NAME, 'a Secret name uses lower-case letters, digits, "-" and "." (a DNS subdomain)');

function secretKeySchema(defaultKey: string, description: string) {
  return z
    .string()
    .min(1, { message: 'the key must not be empty', abort: true })
    .max(253)
    .regex(SECRET_KEY, 'a Secret key uses letters, digits, "-", "_" and "."')
    .default(defaultKey)
    .describe(`${description} Default: "${defaultKey}".`);
}

/** One value in a Secret of the MirrorJob's namespace. */
export function secretKeyReferenceSchema(defaultKey: string, what: string) {
  return z.strictObject({
    name: secretNameSchema.describe('Name of the Secret, in the namespace of the MirrorJob.'),
    key: secretKeySchema(defaultKey, `Key in the Secret whose value is ${what}.`),
  });
}

/** A username and password kept in one Secret; values are read by the workers, never copied into status or logs. */
export const credentialsSecretReferenceSchema = z.strictObject({
  name: secretNameSchema.describe('Name of the Secret holding the username and password, in the namespace of the MirrorJob.'),
  usernameKey: secretKeySchema('username', 'Key in the Secret whose value is the SASL username.'),
  passwordKey: secretKeySchema('password', 'Key in the Secret whose value is the SASL password.'),
});

/** A client certificate and its private key in one Secret; a `kubernetes.io/tls` Secret fits the default keys. */
export const clientCertificateSecretReferenceSchema = z.strictObject({
  name: secretNameSchema.describe(
    'Name of the Secret holding the client certificate and its private key (for example a kubernetes.io/tls Secret), in the namespace of the MirrorJob.',
  ),
  certificateKey: secretKeySchema('tls.crt', 'Key in the Secret whose value is the PEM client certificate (chain).'),
  privateKeyKey: secretKeySchema('tls.key', 'Key in the Secret whose value is the PEM private key of the client certificate.'),
});

export type SecretKeyReference = z.output<ReturnType<typeof secretKeyReferenceSchema>>;
export type CredentialsSecretReference = z.output<typeof credentialsSecretReferenceSchema>;
export type ClientCertificateSecretReference = z.output<typeof clientCertificateSecretReferenceSchema>;
