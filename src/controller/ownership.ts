import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { delay, type Clock } from '../../providers/clock.js';
import { LeaderElector, leasePath, type KubeRest } from '../kube/index.js';
import { errorMessage, logger } from '../log.js';
import { ReplicaPresence } from './replicas.js';

/** The Lease that says which replica serves `node`. */
export function ownerLeaseName(node: string): string {
  return `ack-virtual-node-${node}`;
}

/** Nodes per replica, rounded up: no replica serves more, so every node has an owner. */
export function fairShare(nodes: number, replicas: number): number {
  return Math.ceil(nodes / Math.max(1, replicas));
}

export interface OwnershipHooks {
  /** Start serving the node: this replica holds its Lease. */
  run(node: string): Promise<void>;
  /** Stop serving the node: its Lease is about to be released, or was lost. */
  release(node: string): Promise<void>;
}

export interface OwnershipOptions {
  namespace: string;
  clock: Clock;
  /** Lease duration: a dead replica's nodes are taken over this long after its last renewal. */
  leaseDurationSeconds?: number;
  retryPeriodMs?: number;
}

/**
 * Shares the virtual nodes among the controller replicas with one coordination.k8s.io Lease per
 * node (leader election per node, client-go semantics, see kube/leader.ts): a replica takes free or
 * expired node Leases up to its fair share, renews those it holds, and releases its surplus when
 * replicas are added, so the nodes spread out. Every replica announces itself with a Lease of its
 * own (replicas.ts) so all agree on the share.
 */
export class Ownership {
  readonly identity = `${hostname()}_${randomBytes(4).toString('hex')}`;
  private nodes: string[] = [];
  private readonly electors = new Map<string, LeaderElector>();
  private readonly owned = new Set<string>();
  private readonly presence: ReplicaPresence;
  private stopped = false;
  private readonly durationS: number;
  private readonly retryMs: number;

  constructor(
    private readonly api: KubeRest,
    private readonly options: OwnershipOptions,
    private readonly hooks: OwnershipHooks,
  ) {
    this.durationS = options.leaseDurationSeconds ?? 10;
    this.retryMs = options.retryPeriodMs ?? 2_000;
    this.presence = new ReplicaPresence(
      api,
      {
        namespace: options.namespace,
        name: `ack-virtual-node-replica-${this.identity.split('_')[1] ?? ''}`,
        identity: this.identity,
        durationS: this.durationS,
      },
      options.clock,
    );
  }

  /** The nodes to share out (all replicas compute the same list from the same configuration). */
  setNodes(names: string[]): void {
    this.nodes = [...names];
  }

  ownedNodes(): string[] {
    return [...this.owned];
  }

  /** Announces this replica, then takes and keeps its share until stopped. */
  async start(): Promise<void> {
    await this.presence.renew();
    logger.info('sharing virtual nodes with the other replicas', {
      identity: this.identity,
      namespace: this.options.namespace,
    });
    void this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.tick();
      } catch (err) {
        logger.warn('node ownership round failed, will retry', { err: errorMessage(err) });
      }
      await delay(this.options.clock, this.retryMs);
    }
  }

  /** One round: renew presence, give up what is no longer ours to hold, take what is free. */
  async tick(): Promise<void> {
    await this.presence.renew();
    const share = fairShare(this.nodes.length, await this.presence.live());
    for (const node of [...this.owned]) {
      if (this.nodes.includes(node)) continue;
      // The node is gone (its zone left and it emptied): its Lease goes too.
      await this.giveUp(node);
      await this.api
        .json('DELETE', leasePath(this.options.namespace, ownerLeaseName(node)))
        .catch(() => undefined);
    }
    // Surplus (replicas were added): the last nodes in order go, so the others pick them up.
    for (const node of [...this.owned].sort().reverse()) {
      if (this.owned.size <= share || this.stopped) break;
      logger.info('releasing a node to another replica: more replicas share the nodes now', { node, share });
      await this.giveUp(node);
    }
    for (const node of this.nodes) {
      if (this.owned.has(node) || this.stopped) continue;
      const elector = this.electorFor(node);
      if (await elector.attempt(this.owned.size < share)) this.take(node, elector);
    }
  }

  private electorFor(node: string): LeaderElector {
    let elector = this.electors.get(node);
    if (elector === undefined) {
      elector = new LeaderElector(this.api, {
        namespace: this.options.namespace,
        name: ownerLeaseName(node),
        identity: this.identity,
        leaseDurationSeconds: this.durationS,
        retryPeriodMs: this.retryMs,
        renewDeadlineMs: (this.durationS * 1000 * 7) / 10,
        clock: this.options.clock,
      });
      this.electors.set(node, elector);
    }
    return elector;
  }

  /** Holds the node from now on; its work starts in the background, so other Leases are taken at once. */
  private take(node: string, elector: LeaderElector): void {
    this.owned.add(node);
    logger.info('serving node: this replica holds its lease', { node, identity: this.identity });
    void elector.keep(() => void this.lost(node));
    this.hooks.run(node).catch(async (err: unknown) => {
      logger.warn('starting a node failed: releasing it', { node, err: errorMessage(err) });
      if (this.owned.has(node)) await this.giveUp(node);
    });
  }

  /** The lease could not be renewed in time: another replica may act on the node already. */
  private async lost(node: string): Promise<void> {
    if (!this.owned.delete(node)) return;
    logger.error('lost the lease of a node: stopping its work', { node });
    this.electors.delete(node);
    await this.hooks.release(node);
  }

  private async giveUp(node: string): Promise<void> {
    this.owned.delete(node);
    await this.hooks.release(node);
    await this.electors.get(node)?.release();
    this.electors.delete(node);
  }

  /** Stops every node this replica serves and releases their Leases, so others take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.owned].map((node) => this.giveUp(node)));
    for (const elector of this.electors.values()) await elector.release();
    await this.presence.withdraw();
  }
}
