/** Turns @platformatic/kafka errors into KafkaClientError (Kafka error name + retriable). */
import { KafkaClientError } from './kafka-client.port.ts';

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

export function toKafkaClientError(operation: string, err: unknown): KafkaClientError {
  if (err instanceof KafkaClientError) return err;
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  const protocol = findProtocolError(err);
  if (protocol) {
    const detail = typeof protocol.message === 'string' ? protocol.message : message;
    return new KafkaClientError(operation, String(protocol.apiId), protocol.canRetry === true, detail, { cause: err });
  }
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
