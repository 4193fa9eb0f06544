import * as k8s from '@kubernetes/client-node';
import type { ControllerConfig } from '../config/index.js';
import {
  backoffDelay,
  isConflict,
  isNotFound,
  MicroTime,
  sleep,
  STRATEGIC_MERGE_PATCH,
} from '../kube/index.js';
import { errorMessage, logger } from '../log.js';
import { buildNode, mergeTaints, nodeStatus, type NodeIdentity } from './build.js';
import { nodeMetrics } from './metrics.js';

const LEASE_NAMESPACE = 'kube-node-lease';
const LEASE_DURATION_S = 40;

export interface NodeControllerOptions {
  leaseIntervalMs?: number;
  statusIntervalMs?: number;
  /** Whether the backend answers: reported as the Ready condition. */
  backendHealthy?: () => boolean;
}

/**
 * Keeps the virtual Node registered and alive like a kubelet: a Lease renewed every 10 s and a
 * status heartbeat at least every 60 s. A deleted Node is re-created; failures are retried with
 * back-off and never end the loops.
 */
export class NodeController {
  private readonly core: k8s.CoreV1Api;
  private readonly coordination: k8s.CoordinationV1Api;
  private nodeUid?: string;
  private stopped = false;
  private readonly abort = new AbortController();
  registered = false;

  constructor(
    kc: k8s.KubeConfig,
    readonly identity: NodeIdentity,
    private readonly config: ControllerConfig,
    private readonly options: NodeControllerOptions = {},
  ) {
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.coordination = kc.makeApiClient(k8s.CoordinationV1Api);
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
      const existing = await this.core.readNode({ name: this.identity.name });
      node = await this.core.patchNode(
        {
          name: this.identity.name,
          body: {
            metadata: { labels: desired.metadata?.labels },
            spec: {
              providerID: existing.spec?.providerID ? undefined : desired.spec?.providerID,
              taints: mergeTaints(existing.spec?.taints, this.config.taint),
            },
          },
        },
        STRATEGIC_MERGE_PATCH,
      );
      logger.info('virtual node updated', { node: this.identity.name });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      node = await this.core.createNode({ body: desired });
      logger.info('virtual node registered', { node: this.identity.name });
    }
    this.nodeUid = node.metadata?.uid;
    this.registered = true;
    await this.updateStatus();
    await this.renewLease();
  }

  async updateStatus(): Promise<void> {
    const ready = this.options.backendHealthy?.() ?? true;
    const status = nodeStatus(this.identity, this.config, new Date(), ready);
    try {
      await this.core.patchNodeStatus({ name: this.identity.name, body: { status } }, STRATEGIC_MERGE_PATCH);
      nodeMetrics.heartbeats.inc({ result: 'ok' });
    } catch (err) {
      nodeMetrics.heartbeats.inc({ result: 'error' });
      if (isNotFound(err)) {
        logger.warn('virtual node was deleted, registering it again', { node: this.identity.name });
        await this.register();
        return;
      }
      throw err;
    }
  }

  async renewLease(): Promise<void> {
    const name = this.identity.name;
    const now = new MicroTime();
    try {
      const lease = await this.coordination.readNamespacedLease({ name, namespace: LEASE_NAMESPACE });
      // Rebuilt, not spread: MicroTime fields read back as Dates would be written with milliseconds.
      lease.spec = {
        holderIdentity: name,
        leaseDurationSeconds: LEASE_DURATION_S,
        renewTime: now,
      };
      lease.metadata = { ...lease.metadata, ownerReferences: this.ownerReferences() };
      await this.coordination.replaceNamespacedLease({ name, namespace: LEASE_NAMESPACE, body: lease });
      nodeMetrics.leaseRenewals.inc({ result: 'ok' });
    } catch (err) {
      if (isConflict(err)) return; // another write won; the next tick renews
      if (!isNotFound(err)) {
        nodeMetrics.leaseRenewals.inc({ result: 'error' });
        throw err;
      }
      await this.coordination.createNamespacedLease({
        namespace: LEASE_NAMESPACE,
        body: {
          metadata: { name, namespace: LEASE_NAMESPACE, ownerReferences: this.ownerReferences() },
          spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_S, renewTime: now },
        },
      });
      nodeMetrics.leaseRenewals.inc({ result: 'created' });
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
