/** KafkaConnectOptions -> @platformatic/kafka client options. Secrets are passed through, never logged. */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { BaseOptions } from '@platformatic/kafka';
import { guardConnectionErrors } from './connection-errors.ts';
import type { KafkaConnectOptions, PemSource } from './kafka-client.port.ts';

const pem = (source: PemSource | undefined): string | undefined =>
  source === undefined ? undefined : 'pem' in source ? source.pem : readFileSync(source.path, 'utf8');

export function platformaticBaseOptions(options: KafkaConnectOptions): BaseOptions {
  guardConnectionErrors();
  const base: BaseOptions = {
    clientId: options.clientId,
    bootstrapBrokers: options.bootstrapServers,
    // The library retries retriable errors itself; the port's callers retry on top, so keep this short.
    retries: 3,
    ...(options.requestTimeoutMs ? { requestTimeout: options.requestTimeoutMs, timeout: options.requestTimeoutMs } : {}),
  };
  if (options.sasl) base.sasl = { mechanism: options.sasl.mechanism, username: options.sasl.username, password: options.sasl.password };
  if (options.tls) {
    const tls: TlsConnectionOptions = { ca: pem(options.tls.ca), cert: pem(options.tls.cert), key: pem(options.tls.key) };
    if (options.tls.serverName) tls.servername = options.tls.serverName;
    if (options.tls.insecureSkipVerify) tls.rejectUnauthorized = false;
    base.tls = tls;
  }
  return base;
}
