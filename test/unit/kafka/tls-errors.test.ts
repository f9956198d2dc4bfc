import { explainKafkaError } from '../../../src/cli/cli-error.ts';
import { toKafkaClientError } from '../../../src/kafka/platformatic-errors.ts';

/** The shapes @platformatic/kafka gives TLS failures: a NetworkError whose cause is Node's TLS error. */
const networkError = (cause: Error & { code?: string }) => Object.assign(new Error('Connection to 127.0.0.1:9093 failed.', { cause }), { code: 'PLT_KFK_NETWORK' });
const nodeError = (message: string, code: string) => Object.assign(new Error(message), { code });
const source = { side: 'source' as const, bootstrapServers: ['127.0.0.1:9093'] };

describe('TLS failures', () => {
  it('an untrusted broker certificate is named as such, not as an unreachable broker, and not retried', () => {
    const err = toKafkaClientError('listTopics', networkError(nodeError('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN')));
    expect(err).toMatchObject({ code: 'TLS_CERTIFICATE_REJECTED', retriable: false });
    expect(explainKafkaError(err, source, 'connecting').message).toBe(
      "cannot connect to the source cluster (127.0.0.1:9093) over TLS (TLS_CERTIFICATE_REJECTED): the broker's TLS certificate is not trusted (self-signed certificate in certificate chain); check the CA certificate (tls.caSecretRef) and that the bootstrap address is in the certificate",
    );
  });

  it('a broker that rejects the client certificate: the alert, without OpenSSL\'s dump around it', () => {
    const alert = nodeError('40:error:0A000412:SSL routines:ssl3_read_bytes:ssl/tls alert bad certificate:../deps/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 42', 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE');
    const err = toKafkaClientError('listTopics', networkError(alert));
    expect(err).toMatchObject({ code: 'TLS_HANDSHAKE_REJECTED', retriable: false });
    expect(err.message).toContain('the broker refused the TLS handshake (ssl/tls alert bad certificate); check the client certificate (tls.clientCertSecretRef)');
  });

  it('a refused connection stays a network error', () => {
    expect(toKafkaClientError('listTopics', networkError(nodeError('connect ECONNREFUSED 127.0.0.1:9093', 'ECONNREFUSED')))).toMatchObject({ code: 'NETWORK', retriable: true });
  });
});
