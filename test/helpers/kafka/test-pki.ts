import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A test cluster's certificates, made with openssl in the cluster folder: PEM files for the clients
 * (kcat, the project), PKCS12 stores for the brokers (Kafka 2.6 reads neither PEM keystores nor PEM
 * truststores, so one store type serves every version).
 */
export interface TestPki {
  /** PEM of the CA that signed the broker and client certificates. */
  caFile: string;
  /** The client certificate (CN=mirror-client) and its unencrypted PKCS#8 key, for mutual TLS. */
  clientCertFile: string;
  clientKeyFile: string;
  /** Broker key and certificate (SAN 127.0.0.1, localhost) with the CA chain. */
  keystoreFile: string;
  /** The CA alone, as a trusted entry. */
  truststoreFile: string;
  /** Store password of both stores and of the client's PKCS12 (the Java tools use it for mutual TLS). */
  storePassword: string;
  /** Client certificate and key as PKCS12, for Kafka's Java tools on a mutual-TLS cluster. */
  clientKeystoreFile: string;
}

const openssl = (args: string[], cwd: string) => run('openssl', args, { cwd, timeout: 60_000 });

/**
 * A CA and a certificate it signs; `extFile` carries SANs. `days` -1 gives a certificate that expired
 * the moment it was made (notAfter a day before notBefore): openssl 3.0's x509 has no -not_after.
 */
async function signedCert(dir: string, ca: string, name: string, subject: string, ext?: string, days = 30): Promise<void> {
  await openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  const extArgs = ext ? ['-extfile', `${name}.ext`] : [];
  if (ext) writeFileSync(join(dir, `${name}.ext`), ext);
  await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', String(days), ...extArgs], dir);
}

/** A self-signed CA, `<name>.crt` and `<name>.key` in `dir`; also used alone for "the wrong CA". */
export async function createCa(dir: string, name = 'ca', cn = 'kmo-test-ca'): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '30', '-subj', `/CN=${cn}`], dir);
  return join(dir, `${name}.crt`);
}

/** A client certificate from the cluster's own CA that has expired: what a forgotten renewal looks like. */
export async function createExpiredClientCert(pki: TestPki): Promise<{ certFile: string; keyFile: string }> {
  const dir = dirname(pki.caFile);
  await signedCert(dir, 'ca', 'expired-client', '/CN=mirror-client', undefined, -1);
  return { certFile: join(dir, 'expired-client.crt'), keyFile: join(dir, 'expired-client.key') };
}

/**
 * The cluster's CA certificate made again from the same key and name, but expired: a client that trusts
 * it sees the broker's chain end in an expired CA, what a broker certificate past its dates looks like
 * to a client, without a second broker.
 */
export async function createExpiredCaCopy(pki: TestPki): Promise<string> {
  const dir = dirname(pki.caFile);
  // `req` refuses -days -1; `x509 -signkey` re-signs the CA certificate itself with new dates.
  await openssl(['x509', '-in', 'ca.crt', '-signkey', 'ca.key', '-days', '-1', '-out', 'expired-ca.crt'], dir);
  return join(dir, 'expired-ca.crt');
}

/** Creates (or reuses, after a restart) the PKI of one cluster in `<clusterDir>/pki`. */
export async function createTestPki(clusterDir: string): Promise<TestPki> {
  const dir = join(clusterDir, 'pki');
  const storePassword = 'test-store-pass';
  const pki: TestPki = {
    caFile: join(dir, 'ca.crt'),
    clientCertFile: join(dir, 'client.crt'),
    clientKeyFile: join(dir, 'client.key'),
    keystoreFile: join(dir, 'broker.p12'),
    truststoreFile: join(dir, 'truststore.p12'),
    clientKeystoreFile: join(dir, 'client.p12'),
    storePassword,
  };
  if (existsSync(pki.truststoreFile)) return pki;
  await createCa(dir);
  // No extendedKeyUsage: the broker's certificate also serves as its client certificate between brokers.
  await signedCert(dir, 'ca', 'broker', '/CN=localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await signedCert(dir, 'ca', 'client', '/CN=mirror-client');
  const pass = `pass:${storePassword}`;
  await openssl(['pkcs12', '-export', '-in', 'broker.crt', '-inkey', 'broker.key', '-certfile', 'ca.crt', '-name', 'broker', '-out', 'broker.p12', '-passout', pass], dir);
  await openssl(['pkcs12', '-export', '-in', 'client.crt', '-inkey', 'client.key', '-certfile', 'ca.crt', '-name', 'client', '-out', 'client.p12', '-passout', pass], dir);
  // Java trusts a certificate in a PKCS12 store only when it carries Oracle's trusted-key-usage attribute;
  // OpenSSL writes it only from 3.2 (-jdktrust), keytool always.
  await run('keytool', ['-importcert', '-noprompt', '-alias', 'ca', '-file', 'ca.crt', '-keystore', 'truststore.p12', '-storetype', 'PKCS12', '-storepass', storePassword], { cwd: dir, timeout: 60_000 });
  return pki;
}
