import type { Clock } from '../../providers/clock.js';
import { delay } from '../../providers/clock.js';
import type { KubeRest } from '../kube/index.js';
import { errorMessage, logger } from '../log.js';
import { deleteNode, setRetired, type NodePlan, type RegisteredNode } from '../node/index.js';
import type { NodeRuntime } from './node-runtime.js';

/** How often retired nodes are checked for being empty. */
const SWEEP_MS = 5_000;

export interface NodeSetDeps {
  api: KubeRest;
  clock: Clock;
  /** Builds the runtime of one node; `plan` returns the node's current plan. */
  runtime: (plan: () => NodePlan) => NodeRuntime;
  /** Called whenever the set of managed node names changes. */
  changed?: (names: string[]) => void;
}

/**
 * The virtual nodes of this controller: those the configuration asks for (per zone) and those that
 * left it (retired: cordoned, still serving their pods, deleted once empty). Which of them this
 * process runs is decided elsewhere (ownership.ts): `run` and `release`.
 */
export class NodeSet {
  private readonly plans = new Map<string, NodePlan>();
  private readonly retired = new Map<string, NodePlan>();
  private readonly running = new Map<string, { runtime: NodeRuntime; started: Promise<void> }>();
  private stopped = false;

  constructor(private readonly deps: NodeSetDeps) {}

  /** Every node this set manages: wanted, then retired. */
  names(): string[] {
    return [...this.plans.keys(), ...this.retired.keys()];
  }

  runningNames(): string[] {
    return [...this.running.keys()];
  }

  /**
   * The nodes the configuration asks for now; `registered` are zone nodes of this cluster found in
   * the API server (a zone removed while the controller was down shows up there only).
   */
  async setPlans(plans: NodePlan[], registered: RegisteredNode[] = []): Promise<void> {
    const wanted = new Map(plans.map((p) => [p.name, p]));
    for (const [name, plan] of [...this.plans, ...this.retired]) {
      if (!wanted.has(name) && !this.retired.has(name)) {
        this.retired.set(name, { ...plan, fallbackVSwitchIds: [] });
        logger.warn('node left the configuration: cordoning it until its pods are gone', { node: name });
      }
    }
    for (const { name, zone, arch } of registered) {
      if (!wanted.has(name) && !this.retired.has(name)) {
        // Its zone's vSwitches are unknown now: a pod not pinned to the zone may still use the others.
        const others = plans.flatMap((p) => p.vSwitchIds);
        const retired: NodePlan = { name, zone, vSwitchIds: [], fallbackVSwitchIds: others };
        this.retired.set(name, arch ? { ...retired, arch } : retired);
        logger.warn('zone node of an earlier configuration: cordoning it until its pods are gone', {
          node: name,
        });
      }
    }
    this.plans.clear();
    for (const [name, plan] of wanted) {
      this.plans.set(name, plan);
      if (this.retired.delete(name)) {
        logger.info('node is configured again: uncordoning it', { node: name });
        await setRetired(this.deps.api, name, false).catch((err: unknown) =>
          logger.warn('uncordoning a node failed', { node: name, err: errorMessage(err) }),
        );
      }
    }
    this.deps.changed?.(this.names());
  }

  private plan(name: string): NodePlan | undefined {
    return this.plans.get(name) ?? this.retired.get(name);
  }

  /** Starts serving the node (once this process owns it); resolves once it is registered and synced. */
  run(name: string): Promise<void> {
    const plan = this.plan(name);
    if (plan === undefined || this.stopped) return Promise.resolve();
    const running = this.running.get(name);
    if (running !== undefined) return running.started;
    const runtime = this.deps.runtime(() => this.plan(name) ?? plan);
    const started = (async () => {
      try {
        if (this.retired.has(name)) await setRetired(this.deps.api, name, true);
        await runtime.start();
      } catch (err) {
        this.running.delete(name);
        await runtime.stop();
        throw err;
      }
    })();
    this.running.set(name, { runtime, started });
    return started;
  }

  /** Stops serving the node (its pods and groups are kept for the next owner). */
  async release(name: string): Promise<void> {
    const running = this.running.get(name);
    if (running === undefined) return;
    this.running.delete(name);
    await running.started.catch(() => undefined);
    await running.runtime.stop();
  }

  /** Cordons the retired nodes this process runs and deletes those without pods; until stopped. */
  async sweep(): Promise<void> {
    while (!this.stopped) {
      await delay(this.deps.clock, SWEEP_MS);
      for (const name of [...this.retired.keys()]) {
        const runtime = this.running.get(name)?.runtime;
        if (runtime === undefined || this.stopped) continue;
        try {
          await setRetired(this.deps.api, name, true);
          if (runtime.podCount > 0) continue;
          await this.release(name);
          await deleteNode(this.deps.api, name);
          this.retired.delete(name);
          logger.info('node that left the configuration deleted: it has no pods left', { node: name });
          this.deps.changed?.(this.names());
        } catch (err) {
          logger.warn('retiring a node failed, will retry', { node: name, err: errorMessage(err) });
        }
      }
    }
  }

  /** Stops every node this process runs. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.running.keys()].map((name) => this.release(name)));
  }
}
