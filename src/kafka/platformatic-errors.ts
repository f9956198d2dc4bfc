/** Turns @platformatic/kafka errors into KafkaClientError (Kafka error name + retriable). */
import { KafkaClientError } from './kafka-client.port.ts';
import { errorName, KafkaProtocolError } from './wire/kafka-error-codes.ts';

interface LibraryError {
  code?: unknown;
  apiId?: unknown;
  canRetry?: unknown;
  errors?: unknown[];
  cause?: unknown;
  message?: unknown;
}

/** The innermost broker error (ProtocolError carries `apiId`, e.g. TOPIC_AUTHORIZATION_FAILED). */
function findProtocolError(err: unknown, depth = 0): LibraryError | undefined {
  if (!err || typeof err !== 'object' || depth > 6) return undefined;
  const e = err as LibraryError;
  if (typeof e.apiId === 'string') return e;
  for (const inner of [...(Array.isArray(e.errors) ? e.errors : []), e.cause]) {
    const found = findProtocolError(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const libraryCodes: Record<string, { code: string; retriable: boolean }> = {
  PLT_KFK_NETWORK: { code: 'NETWORK', retriable: true },
  PLT_KFK_TIMEOUT: { code: 'TIMEOUT', retriable: true },
  PLT_KFK_AUTHENTICATION: { code: 'SASL_AUTHENTICATION_FAILED', retriable: false },
  PLT_KFK_UNSUPPORTED_API: { code: 'UNSUPPORTED', retriable: false },
  PLT_KFK_UNSUPPORTED: { code: 'UNSUPPORTED', retriable: false },
};

/**
 * Node's certificate verification failures (X509_V_ERR_* names, plus the host name check). The library
 * wraps them in a plain network error, which would send the user to check addresses and running brokers;
 * retrying cannot help either.
 */
const certificateRejected = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A TLS failure as a KafkaClientError naming what to check, or undefined when `err` is no TLS failure. */
function tlsFailure(operation: string, err: unknown): KafkaClientError | undefined {
  const inner = findByCode(err, (code) => certificateRejected.has(code) || /^ERR_SSL_.*ALERT/.test(code));
  if (!inner) return undefined;
  const code = String(inner.code);
  const detail = typeof inner.message === 'string' ? inner.message.split('\n')[0]! : code;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    // Not a CA problem: pointing the user at tls.caSecretRef would send them the wrong way.
    return new KafkaClientError(operation, 'TLS_CERTIFICATE_REJECTED', false, `the broker's TLS certificate (or a CA certificate in its chain) is outside its validity dates (${detail}); renew it on the broker, or check the clocks`, { cause: err });
  }
  if (certificateRejected.has(code)) {
    return new KafkaClientError(operation, 'TLS_CERTIFICATE_REJECTED', false, `the broker's TLS certificate is not trusted (${detail}); check the CA certificate (tls.caSecretRef) and that the bootstrap address is in the certificate`, { cause: err });
  }
  // The broker ended the handshake with an alert: in practice, a missing or unaccepted client certificate.
  // OpenSSL's message is a colon-separated dump; its alert description ("ssl/tls alert bad certificate") is the part to show.
  const alert = /[^:]*alert [^:]*/.exec(detail)?.[0]?.trim() ?? code;
  return new KafkaClientError(operation, 'TLS_HANDSHAKE_REJECTED', false, `the broker refused the TLS handshake (${alert}); check the client certificate (tls.clientCertSecretRef)`, { cause: err });
}

function findByCode(err: unknown, match: (code: string) => boolean, depth = 0): LibraryError | undefined {
  if (!err || typeof err !== 'object' || depth > 6) return undefined;
  const e = err as LibraryError;
  if (typeof e.code === 'string' && match(e.code)) return e;
  for (const inner of [...(Array.isArray(e.errors) ? e.errors : []), e.cause]) {
    const found = findByCode(inner, match, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function toKafkaClientError(operation: string, err: unknown): KafkaClientError {
  if (err instanceof KafkaClientError) return err;
  // Our own wire code's errors already carry Kafka's code (e.g. a Fetch of the job's topics refused).
  if (err instanceof KafkaProtocolError) return new KafkaClientError(operation, errorName(err.code), err.retriable, err.message, { cause: err });
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  const protocol = findProtocolError(err);
  if (protocol) {
    const detail = typeof protocol.message === 'string' ? protocol.message : message;
    return new KafkaClientError(operation, String(protocol.apiId), protocol.canRetry === true, detail, { cause: err });
  }
  const tls = tlsFailure(operation, err);
  if (tls) return tls;
  // Network and timeout errors may be wrapped in a MultipleErrors after the library's own retries.
  const codes = collectCodes(err);
  for (const code of codes) {
    const mapped = libraryCodes[code];
    if (mapped) return new KafkaClientError(operation, mapped.code, mapped.retriable, message, { cause: err });
  }
  return new KafkaClientError(operation, 'CLIENT', false, message, { cause: err });
}

function collectCodes(err: unknown, depth = 0): string[] {
  if (!err || typeof err !== 'object' || depth > 6) return [];
  const e = err as LibraryError;
  const own = typeof e.code === 'string' ? [e.code] : [];
  const inner = [...(Array.isArray(e.errors) ? e.errors : []), e.cause].flatMap((x) => collectCodes(x, depth + 1));
  return [...inner, ...own]; // innermost first: the outer MultipleErrors says less
}

/** Runs one library call, mapping its failure. */
export async function mapErrors<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toKafkaClientError(operation, err);
  }
}
