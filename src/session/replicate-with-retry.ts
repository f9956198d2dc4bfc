import { setTimeout as sleep } from 'node:timers/promises';
import { clientCertificateDates, type ClusterAccess, type ClusterLink, type KafkaClientError, toKafkaClientError } from '../kafka/index.ts';
import { failureReason } from '../replication/failure-reason.ts';
import { SupersededError } from '../replication/generation.ts';
import type { Replicator } from '../replication/replicator.ts';
import { FencedError } from '../replication/sink/refusals.ts';
import type { Logger } from '../runtime/logger.ts';

/** Why a replication does not copy, when it does not. `retrying` is the failure a new run started after. */
export type Standing = { state: 'Starting'; reason?: string } | { state: 'Running'; retrying?: string } | { state: 'Idle'; reason: string };
export type Shown = { state: Standing['state']; reason?: string };

/**
 * What the user is shown. A run is not copying while the replicator retries a failure inside it, nor
 * while a run started after a failure has not got going: both show as Starting with the failure, not
 * as a running job whose lag only grows.
 */
export function shown(standing: Standing, replicator: Replicator): Shown {
  if (standing.state !== 'Running') return standing;
  if (replicator.trouble) return { state: 'Starting', reason: replicator.trouble };
  if (!replicator.ready && standing.retrying) return { state: 'Starting', reason: standing.retrying };
  return { state: 'Running' };
}

export interface RetryOptions {
  logger: Logger;
  links: Record<'source' | 'target', ClusterLink>;
  /** For naming an expired client certificate of ours when a handshake is refused. */
  access?: Record<'source' | 'target', ClusterAccess>;
  setStanding(standing: Standing): void;
  /** Whether a failure is tried again (`started`: a run got going at least once); every failure unless said otherwise. */
  retries?(failure: KafkaClientError, started: boolean): boolean;
}

/**
 * Runs the replicator until `signal`, running it again with backoff after a failure it throws (a
 * cluster out of reach, a login refused, a permission missing) while saying why through
 * `setStanding`. Only fencing or a newer generation ends the copying for good (they are thrown), and a
 * failure `retries` declines.
 */
export async function replicateWithRetry(replicator: Replicator, signal: AbortSignal, o: RetryOptions): Promise<void> {
  let retrying: string | undefined;
  let started = false;
  // Failures in a row: a run that committed since the last failure starts the backoff over.
  let failures = 0;
  let committedAtFailure = 0;
  while (!signal.aborted) {
    o.setStanding(retrying ? { state: 'Running', retrying } : { state: 'Running' });
    try {
      await replicator.run(signal);
      return;
    } catch (err) {
      // `ready` stays as the failed run left it: whether it got going.
      started ||= replicator.ready;
      const failure = toKafkaClientError('replication', err);
      if (err instanceof SupersededError || err instanceof FencedError || (o.retries && !o.retries(failure, started))) throw err;
      if (replicator.totals.transactionsCommitted > committedAtFailure) failures = 0;
      committedAtFailure = replicator.totals.transactionsCommitted;
      const delayMs = Math.min(60_000, 1_000 * 2 ** Math.min(failures++, 6));
      retrying = `${await failureReason('replication', err, o.links)}${failure.code === 'TLS_HANDSHAKE_REJECTED' && o.access ? expiredClientCertificates(o.access) : ''}`;
      o.setStanding({ state: 'Starting', reason: retrying });
      o.logger.error({ kafkaError: failure.code, err: failure.message, retryInMs: delayMs }, 'replication failed; retrying');
      await sleep(delayMs, undefined, { signal }).catch(() => undefined);
    }
  }
}

/** A refused handshake does not say which side or why; our own expired client certificate is a likely cause we can check. */
function expiredClientCertificates(access: Record<'source' | 'target', ClusterAccess>): string {
  const found = (['source', 'target'] as const).flatMap((side) => {
    const dates = clientCertificateDates(access[side].tls?.cert);
    return dates ? [`${side}: ${dates}`] : [];
  });
  return found.length > 0 ? ` (${found.join('; ')})` : '';
}
