import { clientCertificateDates, type ClusterAccess, isAuthorizationFailure, toKafkaClientError } from '../src/kafka/index.ts';
import { SecretNotFoundError } from './kube-secret-reader.ts';
import type { ClusterReach, UnreachableReason } from './progress-reader.port.ts';

/** Kafka client error codes (KafkaClientError.code) that name a cause other than an unreachable broker. */
function reasonOf(code: string): UnreachableReason {
  if (code === 'SASL_AUTHENTICATION_FAILED' || isAuthorizationFailure(code)) return 'AuthenticationFailed';
  // The broker ended the handshake: it did not accept our client certificate (missing, expired, another CA).
  if (code === 'TLS_HANDSHAKE_REJECTED') return 'AuthenticationFailed';
  if (code === 'TLS_CERTIFICATE_REJECTED') return 'CertificateNotTrusted';
  return 'ConnectionFailed';
}

/**
 * Why a cluster could not be read, as a condition reason and a one-line message naming the servers and
 * the cause. The message is scrubbed of the SASL login, whatever a library put in it; the stack and
 * causes stay in the operator's log.
 */
export function reachFailure(err: unknown, access: ClusterAccess | undefined, now = new Date()): ClusterReach {
  if (err instanceof SecretNotFoundError) return { connected: false, reason: 'SecretNotFound', message: err.message };
  const mapped = toKafkaClientError('connect', err);
  let message = mapped.message.split('\n')[0] ?? '';
  const dates = mapped.code === 'TLS_HANDSHAKE_REJECTED' ? clientCertificateDates(access?.tls?.cert, now) : undefined;
  if (dates) message = `${message}: ${dates}`;
  for (const secret of [access?.sasl?.password, access?.sasl?.username]) if (secret) message = message.replaceAll(secret, '[redacted]');
  return { connected: false, reason: reasonOf(mapped.code), message: `${access?.bootstrapServers.join(',') ?? ''}: ${message}`.slice(0, 1000) };
}
