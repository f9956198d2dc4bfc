/**
 * Keeps a failing @platformatic/kafka connection from crashing the process.
 *
 * A Connection can emit 'error' twice: over TLS 1.3 a broker that requires a client certificate rejects
 * it only after the client saw the handshake complete, so the alert fails the socket (first 'error',
 * taken by whoever awaits the connection) and then the SASL handshake in flight on it (second 'error').
 * The library listens with `once`, so the second one had no listener and Node threw it as an uncaught
 * exception, killing the CLI with a stack trace instead of the first error's clear message. Every
 * Connection gets a listener that ignores errors: the library's own listeners still receive them.
 */
import { channel } from 'node:diagnostics_channel';
import type { EventEmitter } from 'node:events';

// The library announces every client and connection it creates on this channel (its notifyCreation).
const instances = channel('plt:kafka:instances');
const ignore = (): void => undefined;

function onInstance(message: unknown): void {
  const { type, instance } = message as { type?: unknown; instance?: EventEmitter };
  if (type === 'connection' && instance && typeof instance.on === 'function') instance.on('error', ignore);
}

let installed = false;

/** Idempotent; called where library clients are configured, before any connection exists. */
export function guardConnectionErrors(): void {
  if (installed) return;
  installed = true;
  instances.subscribe(onInstance);
}
