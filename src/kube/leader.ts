import type * as k8s from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { delay, systemClock, type Clock } from '../../providers/clock.js';
import { errorMessage, logger } from '../log.js';
import { isConflict, isNotFound } from './errors.js';
import { MicroTime } from './microtime.js';
import type { KubeRest } from './rest.js';
import { reviverFor } from './revive.js';

/** A coordination.k8s.io Lease, or without `name` the namespace's collection of them. */
export function leasePath(namespace: string, name?: string): string {
  const collection = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  return name === undefined ? collection : `${collection}/${encodeURIComponent(name)}`;
}

const reviveLease = reviverFor<k8s.V1Lease>('V1Lease');

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity?: string;
  leaseDurationSeconds?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Judges expiry and paces retries (a ManualClock in tests); the system clock by default. */
  clock?: Clock;
}

/**
 * Leader election on a coordination.k8s.io Lease, with client-go's semantics: a lease is expired when
 * its record has not changed for leaseDuration by our own clock (no trust in other clocks); the leader
 * renews every retryPeriod and steps down when it cannot renew within renewDeadline.
 */
export class LeaderElector {
  readonly identity: string;
  private observed?: { key: string; at: number };
  private stopped = false;
  private readonly abort = new AbortController();
  private readonly durationS: number;
  private readonly clock: Clock;

  constructor(
    private readonly api: KubeRest,
    private readonly options: LeaderElectionOptions,
  ) {
    this.identity = options.identity ?? `${hostname()}_${randomBytes(4).toString('hex')}`;
    // Shorter than client-go's 15 s so a standby takes over within 12 s of the leader's death (lease + 1 poll).
    this.durationS = options.leaseDurationSeconds ?? 10;
    this.clock = options.clock ?? systemClock;
  }

  /** Resolves once this process holds the lease. */
  async acquire(): Promise<void> {
    logger.info('waiting to become leader', {
      lease: `${this.options.namespace}/${this.options.name}`,
      identity: this.identity,
    });
    while (!this.stopped) {
      if (await this.attempt()) {
        logger.info('became leader', { identity: this.identity });
        return;
      }
      await delay(this.clock, this.options.retryPeriodMs ?? 2_000, this.abort.signal);
    }
  }

  /** Renews until stopped; calls `onLost` if a renewal does not succeed within the renew deadline. */
  async keep(onLost: () => void): Promise<void> {
    let lastRenew = this.clock.now();
    while (!this.stopped) {
      await delay(this.clock, this.options.retryPeriodMs ?? 2_000, this.abort.signal);
      if (this.stopped) return;
      if (await this.attempt()) lastRenew = this.clock.now();
      else if (this.clock.now() - lastRenew > (this.options.renewDeadlineMs ?? 7_000)) {
        logger.error('lost leadership: could not renew the lease in time', { identity: this.identity });
        onLost();
        return;
      }
    }
  }

  /** Gives the lease up so another replica takes over at once, not after it expires. */
  async release(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    try {
      const lease = await this.read();
      if (lease?.spec?.holderIdentity !== this.identity) return;
      lease.spec = {
        leaseTransitions: lease.spec.leaseTransitions,
        leaseDurationSeconds: 1,
        renewTime: new MicroTime(this.clock.now()),
      };
      await this.api.json('PUT', this.leasePath(), { body: lease });
      logger.info('released leadership', { identity: this.identity });
    } catch (err) {
      logger.warn('could not release the leader lease', { err: errorMessage(err) });
    }
  }

  /** The lease (or, `named` false, the collection it is created in). */
  private leasePath(named = true): string {
    const { name, namespace } = this.options;
    return leasePath(namespace, named ? name : undefined);
  }

  private async read(): Promise<k8s.V1Lease | undefined> {
    try {
      return reviveLease(await this.api.json('GET', this.leasePath()));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * One try to take or renew the lease; true when this process holds it now. With `mayTake` false
   * it only watches the record (so expiry is judged from an earlier observation) and takes nothing.
   */
  async attempt(mayTake = true): Promise<boolean> {
    const { name, namespace } = this.options;
    const now = new MicroTime(this.clock.now());
    try {
      const lease = await this.read();
      if (lease === undefined) {
        if (!mayTake) return false;
        await this.api.json('POST', this.leasePath(false), {
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name, namespace },
            spec: {
              holderIdentity: this.identity,
              leaseDurationSeconds: this.durationS,
              acquireTime: now,
              renewTime: now,
              leaseTransitions: 0,
            },
          },
        });
        return true;
      }
      const spec = lease.spec ?? {};
      const key = `${spec.holderIdentity ?? ''}|${new Date(spec.renewTime ?? 0).getTime()}`;
      if (this.observed?.key !== key) this.observed = { key, at: this.clock.now() };
      const held = spec.holderIdentity !== undefined && spec.holderIdentity !== '';
      // Expired once unchanged for a full lease duration, as client-go's isLeaseValid judges it.
      const expired =
        this.clock.now() - this.observed.at >= (spec.leaseDurationSeconds ?? this.durationS) * 1000;
      const mine = spec.holderIdentity === this.identity;
      if (held && !mine && !expired) return false;
      if (!mine && !mayTake) return false;
      lease.spec = {
        ...spec,
        holderIdentity: this.identity,
        leaseDurationSeconds: this.durationS,
        renewTime: now,
        acquireTime: mine && spec.acquireTime ? new MicroTime(spec.acquireTime) : now,
        leaseTransitions: (spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
      };
      await this.api.json('PUT', this.leasePath(), { body: lease });
      return true;
    } catch (err) {
      if (!isConflict(err)) logger.warn('leader election attempt failed', { err: errorMessage(err) });
      return false;
    }
  }
}
