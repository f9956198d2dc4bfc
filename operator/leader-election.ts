import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import type { Logger } from '../src/runtime/logger.ts';
import { describeError, httpStatusOf } from './operator-errors.ts';

export interface LeaderElectionOptions {
  namespace: string;
  leaseName: string;
  /** This process: the holderIdentity it writes (Pod name + random suffix in production). */
  identity: string;
  /** A lease not renewed for this long is taken over. */
  leaseDurationMs: number;
  /** A leader that could not renew for this long stops leading (before anyone may take over). */
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/**
 * The defaults make a killed leader's successor start within leaseDuration + retryPeriod = 12 s.
 * renewDeadline < leaseDuration: the old leader stops before a new one may start (client-go's rule).
 */
export const defaultLeaseTimings = { leaseDurationMs: 10_000, renewDeadlineMs: 7_000, retryPeriodMs: 2_000 };

/**
 * Leader election on a coordination.k8s.io Lease, as client-go's leaderelection does it. Expiry is
 * judged by the local clock from when this process last saw the lease record change, not from the
 * renewTime written in it, so clock skew between hosts does not matter. Writes use the lease's
 * resourceVersion: of two candidates racing for one lease, one gets 409 Conflict.
 */
export class LeaderElector {
  readonly #api: CoordinationV1Api;
  readonly #options: LeaderElectionOptions;
  readonly #logger: Logger;
  #observed: { record: string; at: number } | undefined;
  #leading = false;
  #lastRenew = 0;

  constructor(kc: KubeConfig, options: LeaderElectionOptions, logger: Logger) {
    this.#api = kc.makeApiClient(CoordinationV1Api);
    this.#options = options;
    this.#logger = logger;
  }

  get leading(): boolean {
    return this.#leading;
  }

  /**
   * Campaigns until leading, calls `lead` with a signal that aborts when leadership is lost, and keeps
   * renewing. Resolves when `signal` aborts (releasing the lease) or leadership is lost.
   */
  async run(signal: AbortSignal, lead: (lost: AbortSignal) => void): Promise<'stopped' | 'lost'> {
    const lost = new AbortController();
    while (!signal.aborted) {
      const held = await this.#tryAcquireOrRenew().catch((err: unknown) => {
        this.#logger.warn({ err: describeError(err) }, 'lease update failed');
        return false;
      });
      const now = Date.now();
      if (held) this.#lastRenew = now;
      if (held && !this.#leading) {
        this.#leading = true;
        this.#logger.info({ identity: this.#options.identity, lease: this.#options.leaseName }, 'became leader');
        lead(lost.signal);
      } else if (this.#leading && now - this.#lastRenew > this.#options.renewDeadlineMs) {
        this.#leading = false;
        this.#logger.error({ identity: this.#options.identity }, 'leadership lost: lease not renewed in time');
        lost.abort();
        return 'lost';
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#options.retryPeriodMs);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
    if (this.#leading) await this.#release();
    lost.abort();
    return 'stopped';
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, leaseName: name, identity, leaseDurationMs } = this.#options;
    const spec = (transitions: number, acquired: boolean, previous?: V1Lease['spec']) => ({
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(leaseDurationMs / 1000),
      acquireTime: acquired ? new V1MicroTime() : previous?.acquireTime,
      renewTime: new V1MicroTime(),
      leaseTransitions: transitions,
    });
    let lease: V1Lease;
    try {
      lease = await this.#api.readNamespacedLease({ namespace, name });
    } catch (err) {
      if (httpStatusOf(err) !== 404) throw err;
      await this.#api.createNamespacedLease({ namespace, body: { metadata: { name, namespace }, spec: spec(0, true) } });
      return true;
    }
    const holder = lease.spec?.holderIdentity ?? '';
    const record = JSON.stringify([holder, String(lease.spec?.renewTime ?? ''), lease.spec?.leaseDurationSeconds]);
    if (this.#observed?.record !== record) this.#observed = { record, at: Date.now() };
    const durationMs = (lease.spec?.leaseDurationSeconds ?? 0) * 1000;
    const expired = holder === '' || this.#observed.at + durationMs < Date.now();
    if (holder !== identity && !expired) return false;
    const transitions = (lease.spec?.leaseTransitions ?? 0) + (holder === identity ? 0 : 1);
    const body: V1Lease = { ...lease, spec: spec(transitions, holder !== identity, lease.spec) };
    try {
      await this.#api.replaceNamespacedLease({ namespace, name, body });
      return true;
    } catch (err) {
      if (httpStatusOf(err) === 409) return false; // another candidate wrote first
      throw err;
    }
  }

  /** On a clean stop, the successor need not wait for expiry (client-go's ReleaseOnCancel). */
  async #release(): Promise<void> {
    const { namespace, leaseName: name, identity } = this.#options;
    try {
      const lease = await this.#api.readNamespacedLease({ namespace, name });
      if (lease.spec?.holderIdentity !== identity) return;
      await this.#api.replaceNamespacedLease({ namespace, name, body: { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: new V1MicroTime() } } });
      this.#logger.info('lease released');
    } catch (err) {
      this.#logger.warn({ err: describeError(err) }, 'could not release the lease');
    }
  }
}
