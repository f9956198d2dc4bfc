import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Paths redacted wherever they appear in a log object: credentials never reach a log line, even when a
 * whole config object is logged by mistake.
 */
export const REDACTED_PATHS = ['password', '*.password', '*.*.password', 'sasl.password', '*.sasl.password', 'token', '*.token', 'key', '*.key', 'cert', '*.cert'];

/** A pino logger; the level comes from the parsed environment (LOG_LEVEL, src/runtime/environment.ts) or the CLI's flags. */
export function createLogger(name: string, level = 'info', destination?: DestinationStream): Logger {
  const options = { name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = pino({ level: 'silent' });
