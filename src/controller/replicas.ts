import type * as k8s from '@kubernetes/client-node';
import type { Clock } from '../../providers/clock.js';
import { isNotFound, leasePath, MicroTime, reviverFor, type KubeRest } from '../kube/index.js';
import { errorMessage, logger } from '../log.js';

/** Marks the replicas' presence Leases, so one listing finds them all. */
export const REPLICA_LABEL = 'ack-virtual-node.alibabacloud.com/replica';

const reviveLease = reviverFor<k8s.V1Lease>('V1Lease');

/**
 * The controller replicas alive now, each announced by a Lease of its own that it renews: the
 * count that decides each replica's fair share of the nodes. A Lease is alive while its record
 * keeps changing by our own clock (as leader election judges expiry: other clocks are not trusted);
 * one unchanged for three lease durations belongs to a dead replica and is deleted.
 */
export class ReplicaPresence {
  private readonly seen = new Map<string, { key: string; at: number }>();

  constructor(
    private readonly api: KubeRest,
    private readonly options: { namespace: string; name: string; identity: string; durationS: number },
    private readonly clock: Clock,
  ) {}

  /** Creates or renews our Lease. */
  async renew(): Promise<void> {
    const { namespace, name, identity, durationS } = this.options;
    const spec = {
      holderIdentity: identity,
      leaseDurationSeconds: durationS,
      renewTime: new MicroTime(this.clock.now()),
    };
    const metadata = { name, namespace, labels: { [REPLICA_LABEL]: 'true' } };
    let resourceVersion: string | undefined;
    try {
      resourceVersion = reviveLease(await this.api.json('GET', leasePath(namespace, name))).metadata
        ?.resourceVersion;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec };
    if (resourceVersion === undefined) {
      await this.api.json('POST', leasePath(namespace), { body: { ...body, metadata } });
    } else {
      await this.api.json('PUT', leasePath(namespace, name), {
        body: { ...body, metadata: { ...metadata, resourceVersion } },
      });
    }
  }

  /** How many replicas are alive, this one included. */
  async live(): Promise<number> {
    const { namespace, name, durationS } = this.options;
    const list = (await this.api.json('GET', leasePath(namespace), {
      query: { labelSelector: `${REPLICA_LABEL}=true` },
    })) as { items?: unknown[] };
    const leases = (list.items ?? []).map(reviveLease);
    const now = this.clock.now();
    let alive = 0;
    for (const lease of leases) {
      const leaseName = lease.metadata?.name ?? '';
      const key = `${lease.spec?.holderIdentity ?? ''}|${new Date(lease.spec?.renewTime ?? 0).getTime()}`;
      const seen = this.seen.get(leaseName);
      if (seen?.key !== key) this.seen.set(leaseName, { key, at: now });
      const unchangedMs = now - (this.seen.get(leaseName)?.at ?? now);
      if (leaseName === name || unchangedMs < durationS * 1000) alive++;
      else if (unchangedMs > 3 * durationS * 1000) await this.forget(leaseName);
    }
    return Math.max(alive, 1);
  }

  /** Deletes our Lease: the others take their share at once. */
  async withdraw(): Promise<void> {
    await this.forget(this.options.name);
  }

  private async forget(name: string): Promise<void> {
    try {
      await this.api.json('DELETE', leasePath(this.options.namespace, name));
      this.seen.delete(name);
    } catch (err) {
      if (!isNotFound(err))
        logger.debug('deleting a replica lease failed', { lease: name, err: errorMessage(err) });
    }
  }
}
