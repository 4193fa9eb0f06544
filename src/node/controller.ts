import type * as k8s from '@kubernetes/client-node';
import type { ControllerConfig } from '../config/index.js';
import {
  backoffDelay,
  isConflict,
  isNotFound,
  leasePath,
  MicroTime,
  reviverFor,
  sleep,
  STRATEGIC_MERGE_PATCH_TYPE,
  type KubeRest,
} from '../kube/index.js';
import { errorMessage, logger } from '../log.js';
import { buildNode, mergeTaints, nodeLabels, nodeStatus, nodeTaints, type NodeIdentity } from './build.js';
import { nodeMetrics } from './metrics.js';

const LEASE_NAMESPACE = 'kube-node-lease';
const LEASE_DURATION_S = 40;
const reviveNode = reviverFor<k8s.V1Node>('V1Node');
const reviveLease = reviverFor<k8s.V1Lease>('V1Lease');

export interface NodeControllerOptions {
  leaseIntervalMs?: number;
  statusIntervalMs?: number;
  /** Whether the backend answers: reported as the Ready condition. */
  backendHealthy?: () => boolean;
  /**
   * The node's zone now. A named region-wide node keeps its name when the live eci-profile's
   * vSwitchIds move its first vSwitch to another zone; its zone labels follow at the next heartbeat.
   */
  zone?: () => string;
}

/**
 * Keeps the virtual Node registered and alive like a kubelet: a Lease renewed every 10 s and a
 * status heartbeat at least every 60 s. A deleted Node is re-created; failures are retried with
 * back-off and never end the loops.
 */
export class NodeController {
  private nodeUid?: string;
  private stopped = false;
  private readonly abort = new AbortController();
  registered = false;

  constructor(
    private readonly api: KubeRest,
    public identity: NodeIdentity,
    private readonly config: ControllerConfig,
    private readonly options: NodeControllerOptions = {},
  ) {}

  private get nodePath(): string {
    return `/api/v1/nodes/${encodeURIComponent(this.identity.name)}`;
  }

  /** Registers the node (retrying until it works), then keeps lease and status fresh. */
  async start(): Promise<void> {
    await this.retry('register node', () => this.register());
    void this.loop('renew lease', this.options.leaseIntervalMs ?? 10_000, () => this.renewLease());
    void this.loop('update node status', this.options.statusIntervalMs ?? 30_000, () => this.updateStatus());
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  async register(): Promise<void> {
    const desired = buildNode(this.identity, this.config, new Date());
    let node: k8s.V1Node;
    try {
      const existing = reviveNode(await this.api.json('GET', this.nodePath));
      const patch = {
        metadata: { labels: desired.metadata?.labels },
        spec: {
          providerID: existing.spec?.providerID ? undefined : desired.spec?.providerID,
          taints: mergeTaints(existing.spec?.taints, nodeTaints(this.identity, this.config)),
        },
      };
      node = reviveNode(
        await this.api.json('PATCH', this.nodePath, { body: patch, contentType: STRATEGIC_MERGE_PATCH_TYPE }),
      );
      logger.info('virtual node updated', { node: this.identity.name });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      node = reviveNode(await this.api.json('POST', '/api/v1/nodes', { body: desired }));
      logger.info('virtual node registered', { node: this.identity.name });
    }
    this.nodeUid = node.metadata?.uid;
    this.registered = true;
    await this.updateStatus();
    await this.renewLease();
  }

  async updateStatus(): Promise<void> {
    await this.followZone();
    const ready = this.options.backendHealthy?.() ?? true;
    const status = nodeStatus(this.identity, this.config, new Date(), ready);
    try {
      await this.api.json('PATCH', `${this.nodePath}/status`, {
        body: { status },
        contentType: STRATEGIC_MERGE_PATCH_TYPE,
      });
      nodeMetrics.heartbeats.inc({ result: 'ok' });
    } catch (err) {
      nodeMetrics.heartbeats.inc({ result: 'error' });
      if (isNotFound(err)) return this.registerAgain();
      throw err;
    }
  }

  async renewLease(): Promise<void> {
    const name = this.identity.name;
    const now = new MicroTime();
    try {
      const path = leasePath(LEASE_NAMESPACE, name);
      const lease = reviveLease(await this.api.json('GET', path));
      // Rebuilt, not spread: MicroTime fields read back as Dates would be written with milliseconds.
      lease.spec = {
        holderIdentity: name,
        leaseDurationSeconds: LEASE_DURATION_S,
        renewTime: now,
      };
      lease.metadata = { ...lease.metadata, ownerReferences: this.ownerReferences() };
      await this.api.json('PUT', path, { body: lease });
      nodeMetrics.leaseRenewals.inc({ result: 'ok' });
    } catch (err) {
      if (isConflict(err)) return; // another write won; the next tick renews
      if (!isNotFound(err)) {
        nodeMetrics.leaseRenewals.inc({ result: 'error' });
        throw err;
      }
      // The garbage collector deletes the lease with its Node: register the Node again now rather
      // than at the next status tick, three lease intervals later.
      if (!(await this.nodeExists())) return this.registerAgain();
      await this.api.json('POST', leasePath(LEASE_NAMESPACE), {
        body: {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace: LEASE_NAMESPACE, ownerReferences: this.ownerReferences() },
          spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_S, renewTime: now },
        },
      });
      nodeMetrics.leaseRenewals.inc({ result: 'created' });
    }
  }

  /** Relabels the node when its zone changed since it was registered (the labels say where pods run). */
  private async followZone(): Promise<void> {
    const zone = this.options.zone?.();
    if (zone === undefined || zone === '' || zone === this.identity.zone) return;
    const identity = { ...this.identity, zone };
    await this.api.json('PATCH', this.nodePath, {
      body: { metadata: { labels: nodeLabels(identity) } },
      contentType: STRATEGIC_MERGE_PATCH_TYPE,
    });
    logger.info('virtual node moved to another zone: labels updated', {
      node: this.identity.name,
      from: this.identity.zone,
      to: zone,
    });
    this.identity = identity;
  }

  private async registerAgain(): Promise<void> {
    logger.warn('virtual node was deleted, registering it again', { node: this.identity.name });
    await this.register();
  }

  private async nodeExists(): Promise<boolean> {
    try {
      await this.api.json('GET', this.nodePath);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  private ownerReferences(): k8s.V1OwnerReference[] | undefined {
    if (this.nodeUid === undefined) return undefined;
    return [{ apiVersion: 'v1', kind: 'Node', name: this.identity.name, uid: this.nodeUid }];
  }

  private async loop(what: string, intervalMs: number, work: () => Promise<void>): Promise<void> {
    while (!this.stopped) {
      await sleep(intervalMs, this.abort.signal);
      if (this.stopped) return;
      await this.retry(what, work, 3);
    }
  }

  private async retry(what: string, work: () => Promise<void>, maxAttempts = Infinity): Promise<void> {
    for (let attempt = 0; !this.stopped && attempt < maxAttempts; attempt++) {
      try {
        await work();
        return;
      } catch (err) {
        logger.warn(`${what} failed, retrying`, {
          node: this.identity.name,
          attempt,
          err: errorMessage(err),
        });
        await sleep(backoffDelay(attempt, 500, 5_000), this.abort.signal);
      }
    }
  }
}
