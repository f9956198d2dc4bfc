import { MirrorError } from '../errors/mirror-error.ts';
import { clientCertificateDates, KafkaClientError, type PemSource, toKafkaClientError } from '../kafka/index.ts';

/** Exit codes: 1 for a difference found (verify) or a failure, 2 for input the user must fix. */
export const ExitCode = { ok: 0, failed: 1, badInput: 2, interrupted: 130 } as const;

const exitReasons: Record<number, string> = { [ExitCode.badInput]: 'InvalidInput', [ExitCode.interrupted]: 'Interrupted' };

/**
 * An error meant for the person at the terminal: one message that names the problem and what to do.
 * main.ts prints only `message` (the stack only with --debug), so no secret may ever be put in it.
 */
export class CliError extends MirrorError {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = ExitCode.failed, options?: { cause?: unknown }) {
    // Nothing retries a command: the person at the terminal runs it again once the cause is fixed.
    super(message, { reason: exitReasons[exitCode] ?? 'Failed', retriable: false, cause: options?.cause });
    this.exitCode = exitCode;
  }
}

/** Which cluster a Kafka failure came from, so the message can say where to look. */
export interface ClusterContext {
  side: 'source' | 'target';
  bootstrapServers: readonly string[];
  username?: string;
  /** Our client certificate on that side, to say when a refused handshake is its expiry. */
  clientCert?: PemSource;
}

/**
 * A Kafka failure as the user should read it. Kafka's own error names stay in the message (they are
 * what people search for), preceded by what they mean here. Credentials are never part of it.
 */
export function explainKafkaError(err: unknown, cluster: ClusterContext, doing: string): CliError {
  const e = err instanceof KafkaClientError ? err : toKafkaClientError(doing, err);
  const where = `the ${cluster.side} cluster (${cluster.bootstrapServers.join(',')})`;
  const who = cluster.username !== undefined ? `user "${cluster.username}"` : 'this client';
  switch (e.code) {
    case 'NETWORK':
    case 'TIMEOUT':
      return new CliError(`cannot reach ${where}: ${e.code === 'TIMEOUT' ? 'timed out' : 'connection failed'}${doing === 'connecting' ? '' : ` while ${doing}`}; check the bootstrap servers and that the brokers run`, ExitCode.failed, { cause: err });
    case 'SASL_AUTHENTICATION_FAILED':
    case 'ILLEGAL_SASL_STATE':
    case 'UNSUPPORTED_SASL_MECHANISM':
      return new CliError(`${where} refused the login of ${who} (${e.code}): check the SASL mechanism, username and password in the Secret`, ExitCode.failed, { cause: err });
    case 'TOPIC_AUTHORIZATION_FAILED':
    case 'GROUP_AUTHORIZATION_FAILED':
    case 'CLUSTER_AUTHORIZATION_FAILED':
    case 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED':
      return new CliError(`${who} is not allowed to do this on ${where} (${e.code}) while ${doing}; grant the ACLs the job needs`, ExitCode.failed, { cause: err });
    case 'TLS_CERTIFICATE_REJECTED':
    case 'TLS_HANDSHAKE_REJECTED':
      // The adapter's message already says what to check; only the "operation: CODE: " prefix goes.
    {
      const dates = e.code === 'TLS_HANDSHAKE_REJECTED' ? clientCertificateDates(cluster.clientCert) : undefined;
      return new CliError(`cannot connect to ${where} over TLS (${e.code}): ${firstLine(e.message.slice(`${e.operation}: ${e.code}: `.length))}${dates ? `: ${dates}` : ''}`, ExitCode.failed, { cause: err });
    }
    default:
      return new CliError(`${where} failed while ${doing}: ${e.code}: ${firstLine(e.message)}`, ExitCode.failed, { cause: err });
  }
}

const firstLine = (text: string): string => text.split('\n')[0] ?? text;

/** The one line main.ts prints for any error: CliErrors as they are, anything else with its type. */
export function describeUnexpected(err: unknown): string {
  if (err instanceof CliError) return err.message;
  if (err instanceof Error) return `unexpected error: ${firstLine(err.message)} (run with --debug for details)`;
  return `unexpected error: ${String(err)}`;
}
