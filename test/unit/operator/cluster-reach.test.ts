import { KubeSecretReader } from '../../../operator/kube-secret-reader.ts';
import { reachFailure } from '../../../operator/cluster-reach.ts';

/** The shapes @platformatic/kafka gives failures: a NetworkError whose cause is Node's error. */
const networkError = (cause: Error) => Object.assign(new Error('Connection to 127.0.0.1:9093 failed.', { cause }), { code: 'PLT_KFK_NETWORK' });
const nodeError = (message: string, code: string) => Object.assign(new Error(message), { code });
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

  it('a client certificate the broker refuses (here: expired) is AuthenticationFailed, with the alert', () => {
    const alert = nodeError('C0:error:0A000415:SSL routines:ssl3_read_bytes:ssl/tls alert certificate expired:../deps/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 45', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED');
    expect(reachFailure(networkError(alert), access)).toMatchObject({ reason: 'AuthenticationFailed', message: expect.stringContaining('the broker refused the TLS handshake (ssl/tls alert certificate expired); check the client certificate') });
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
