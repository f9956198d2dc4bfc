import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from '../runtime/logger.ts';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** A pino JSON line as a short human line for a terminal: "WARN message key=value ...". */
export function humanLogLine(json: string): string {
  try {
    const { level, msg, time: _time, pid: _pid, hostname: _host, name: _name, ...fields } = JSON.parse(json) as Record<string, unknown>;
    const extra = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
    return `${LEVELS[Number(level)] ?? String(level)} ${String(msg ?? '')}${extra ? `  ${extra}` : ''}`;
  } catch {
    return json.trimEnd();
  }
}

/**
 * The CLI's logger: pino JSON to stderr when output is a pipe (machine-readable next to the progress
 * lines on stdout), short human lines through `sink` on a terminal (printed above the live display).
 */
export function createCliLogger(options: { level: string; sink?: (line: string) => void }): Logger {
  const destination: DestinationStream = options.sink
    ? { write: (line: string) => options.sink!(humanLogLine(line)) }
    : { write: (line: string) => void process.stderr.write(line) };
  return createLogger('kafka-mirror', options.level, destination);
}
