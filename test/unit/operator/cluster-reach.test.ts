import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeSecretReader } from '../../../operator/kube-secret-reader.ts';
import { reachFailure } from '../../../operator/cluster-reach.ts';

/** The shapes @platformatic/kafka gives failures: a NetworkError whose cause is Node's error. */
const networkError = (cause: Error) => Object.assign(new Error('Connection to 127.0.0.1:9093 failed.', { cause }), { code: 'PLT_KFK_NETWORK' });
const nodeError = (message: string, code: string) => Object.assign(new Error(message), { code });
/** A certificate checked in as a fixture (no openssl in a unit test); only its dates matter. */
const certificate = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'tls', 'client.crt'), 'utf8');
const { validFrom, validTo } = new X509Certificate(certificate);
const access = { bootstrapServers: ['127.0.0.1:9093'], sasl: { mechanism: 'SCRAM-SHA-512' as const, username: 'mirror-user', password: 'Pw-3kq9-unique' } };

describe('a cluster that cannot be read becomes a condition reason and a one-line message naming the cause', () => {
  it('a broker certificate that does not verify is CertificateNotTrusted, naming the check that failed', () => {
    const reach = reachFailure(networkError(nodeError('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN')), access);
    expect(reach).toEqual({ connected: false, reason: 'CertificateNotTrusted', message: expect.stringMatching(/^127\.0\.0\.1:9093: connect: TLS_CERTIFICATE_REJECTED: the broker's TLS certificate is not trusted \(self-signed certificate in certificate chain\); check the CA certificate/) });
  });

  it('an expired broker certificate says so, instead of sending the user to the CA', () => {
    const reach = reachFailure(networkError(nodeError('certificate has expired', 'CERT_HAS_EXPIRED')), access);
    expect(reach).toMatchObject({ reason: 'CertificateNotTrusted', message: expect.stringContaining('outside its validity dates (certificate has expired); renew it on the broker') });
    expect(reach.connected || reach.message).not.toContain('tls.caSecretRef');
  });

  it("a client certificate the broker refuses is AuthenticationFailed, with the alert, and our own certificate's dates when they are the cause", () => {
    // What a Java broker sends for an expired client certificate: "certificate unknown", not "certificate expired".
    const alert = nodeError('C0:error:0A000416:SSL routines:ssl3_read_bytes:ssl/tls alert certificate unknown:../deps/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 46', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN');
    const withCert = { ...access, tls: { cert: { pem: certificate } } };
    const expiredNow = new Date(Date.parse(validTo) + 1_000);
    expect(reachFailure(networkError(alert), withCert, expiredNow)).toMatchObject({
      reason: 'AuthenticationFailed',
      message: `127.0.0.1:9093: connect: TLS_HANDSHAKE_REJECTED: the broker refused the TLS handshake (ssl/tls alert certificate unknown); check the client certificate (tls.clientCertSecretRef): the client certificate expired on ${new Date(validTo).toISOString()}`,
    });
    expect(reachFailure(networkError(alert), withCert, new Date(Date.parse(validFrom) - 1_000))).toMatchObject({ message: expect.stringMatching(/: the client certificate is not valid before /) });
    // Within its dates, the alert is all there is to say.
    expect(reachFailure(networkError(alert), withCert, new Date(Date.parse(validFrom) + 1_000))).toMatchObject({ message: expect.stringMatching(/\(tls\.clientCertSecretRef\)$/) });
  });

  it('a refused login is AuthenticationFailed, without the login in the message', () => {
    const err = Object.assign(new Error('SASL authentication failed for mirror-user with Pw-3kq9-unique'), { code: 'PLT_KFK_AUTHENTICATION' });
    const reach = reachFailure(err, access);
    expect(reach).toMatchObject({ reason: 'AuthenticationFailed' });
    expect(JSON.stringify(reach)).not.toMatch(/Pw-3kq9-unique|mirror-user/);
  });

  it('a dead address stays ConnectionFailed; a message never runs over one line', () => {
    const err = networkError(nodeError('connect ECONNREFUSED 127.0.0.1:9093\n    at TCPConnectWrap.afterConnect', 'ECONNREFUSED'));
    const reach = reachFailure(err, access);
    expect(reach).toMatchObject({ reason: 'ConnectionFailed' });
    expect(reach.connected || reach.message).not.toContain('\n');
  });

  it('a missing Secret names the Secret and the key the job needs from it', async () => {
    const reader = new KubeSecretReader('team-a', async (_namespace, name) => (name === 'login' ? { data: { username: Buffer.from('u').toString('base64') } } : undefined));
    const missing = await reader.read('nowhere', 'password').catch((err: unknown) => reachFailure(err, undefined));
    expect(missing).toEqual({ connected: false, reason: 'SecretNotFound', message: 'Secret "nowhere" (key "password") does not exist in namespace team-a' });
    const noKey = await reader.read('login', 'password').catch((err: unknown) => reachFailure(err, undefined));
    expect(noKey).toEqual({ connected: false, reason: 'SecretNotFound', message: 'Secret "login" in namespace team-a has no key "password"' });
  });
});
