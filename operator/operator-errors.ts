// The operator's own errors are MirrorErrors (src/errors/mirror-error.ts), e.g. SecretNotFoundError;
// these helpers read the Kubernetes client's ApiException, which is not one.

/** The HTTP status of a @kubernetes/client-node ApiException (or undefined for a network error). */
export function httpStatusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

export const isNotFound = (err: unknown): boolean => httpStatusOf(err) === 404;

/** One line for logs and conditions: no response bodies (they can be long) and never a stack. */
export function describeError(err: unknown): string {
  const status = httpStatusOf(err);
  if (status === undefined) return (err instanceof Error ? err.message.split('\n')[0] : String(err)) ?? 'unknown error';
  // An ApiException's message repeats the whole response; the Status object's message is the point.
  const body = (err as { body?: unknown }).body;
  let message = typeof body === 'string' ? body : '';
  try {
    message = (JSON.parse(message) as { message?: string }).message ?? message;
  } catch {
    // not JSON: keep the text
  }
  return `HTTP ${status}: ${message.slice(0, 500)}`;
}
