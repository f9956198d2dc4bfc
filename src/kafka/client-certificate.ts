import { X509Certificate } from 'node:crypto';
import type { PemSource } from './kafka-client.port.ts';

/**
 * What is wrong with the dates of our own client certificate, if anything. A broker that refuses it
 * rarely says why in its alert (Java sends "certificate unknown" for an expired one), but we hold it.
 */
export function clientCertificateDates(cert: PemSource | undefined, now = new Date()): string | undefined {
  if (!cert || !('pem' in cert)) return undefined;
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(cert.pem);
  } catch {
    return undefined; // not a certificate at all: the handshake error says enough
  }
  if (parsed.validToDate < now) return `the client certificate expired on ${parsed.validToDate.toISOString()}`;
  if (parsed.validFromDate > now) return `the client certificate is not valid before ${parsed.validFromDate.toISOString()}`;
  return undefined;
}
