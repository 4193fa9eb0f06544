// Controller replicas sharing virtual nodes, in process: real Ownership instances against one
// in-memory API server, each replica on its own ManualClock. The clocks move together; a replica
// killed with SIGKILL is one whose clock stops: it never renews, releases or withdraws again.
import type * as k8s from '@kubernetes/client-node';
import { ManualClock } from '../../../providers/clock.js';
import { Ownership } from '../../../src/controller/ownership.js';
import { leasePath } from '../../../src/kube/index.js';
import { FakeApiServer } from '../../support/fake-apiserver.js';

export const NAMESPACE = 'kube-system';
export const LEASE_SECONDS = 10;
export const RETRY_MS = 2_000;
/** Clock step between checks: small against the retry period, so timings are measured to it. */
export const STEP_MS = 100;
const START = Date.UTC(2026, 0, 1);

export interface Replica {
  readonly name: string;
  readonly ownership: Ownership;
  readonly clock: ManualClock;
  /** Nodes whose `hooks.run` was called, in order (a node twice if it was run twice). */
  readonly runs: string[];
  readonly releases: string[];
  /** False once killed or stopped: its clock no longer moves. */
  running: boolean;
  /** The most nodes it served at once, at any clock step. */
  peak: number;
}

export class Replicas {
  readonly api = new FakeApiServer();
  readonly all: Replica[] = [];
  private elapsed = 0;
  private readonly violations: string[] = [];

  constructor(private readonly nodes: string[]) {}

  /** Clock time since the first replica started. */
  get now(): number {
    return this.elapsed;
  }

  /** Starts a controller replica now (its retry rounds then fall at this phase of the clock). */
  async start(name: string): Promise<Replica> {
    const clock = new ManualClock(START + this.elapsed);
    const runs: string[] = [];
    const releases: string[] = [];
    const ownership = new Ownership(
      this.api.inMemoryClient(),
      { namespace: NAMESPACE, clock, leaseDurationSeconds: LEASE_SECONDS, retryPeriodMs: RETRY_MS },
      { run: async (node) => void runs.push(node), release: async (node) => void releases.push(node) },
    );
    const replica: Replica = { name, ownership, clock, runs, releases, running: true, peak: 0 };
    this.all.push(replica);
    ownership.setNodes(this.nodes);
    await ownership.start();
    await clock.advanceAsync(0);
    this.check();
    return replica;
  }

  /** SIGKILL: the process does nothing more, its Leases stay as they were last written. */
  kill(replica: Replica): void {
    replica.running = false;
  }

  /** SIGTERM: the replica stops its nodes and releases their Leases; then the process exits. */
  async stop(replica: Replica): Promise<void> {
    await replica.ownership.stop();
    replica.running = false;
  }

  /** The nodes a replica serves now, as its hooks were told: run and not released since. */
  serving(replica: Replica): string[] {
    return this.nodes.filter(
      (node) => count(replica.runs, node) > count(replica.releases, node) && replica.running,
    );
  }

  /** The replica holding the node's Lease, by its holderIdentity. */
  holder(node: string): string | undefined {
    const lease = this.api.objects(leasePath(NAMESPACE)).get(`ack-virtual-node-${node}`) as
      k8s.V1Lease | undefined;
    const identity = lease?.spec?.holderIdentity;
    return this.all.find((r) => r.ownership.identity === identity)?.name;
  }

  /** Moves every running replica's clock by `ms`, in steps, checking after each that no node is served twice. */
  async advance(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += STEP_MS) {
      this.elapsed += STEP_MS;
      for (const replica of this.all) if (replica.running) await replica.clock.advanceAsync(STEP_MS);
      this.check();
    }
  }

  /** Advances until `done` holds; the clock time it took. Fails naming `what` after `maxMs`. */
  async until(what: string, done: () => boolean, maxMs = 60_000): Promise<number> {
    const from = this.elapsed;
    while (!done()) {
      if (this.elapsed - from > maxMs) throw new Error(`not ${what} after ${maxMs} ms of clock time`);
      await this.advance(STEP_MS);
    }
    return this.elapsed - from;
  }

  /** Every node served by exactly one running replica. */
  allServedOnce(): boolean {
    return this.nodes.every((node) => this.all.filter((r) => this.serving(r).includes(node)).length === 1);
  }

  /** What went wrong at any step so far: a node served by two replicas, or by one not holding its Lease. */
  problems(): string[] {
    return this.violations;
  }

  private check(): void {
    for (const replica of this.all) replica.peak = Math.max(replica.peak, this.serving(replica).length);
    for (const node of this.nodes) {
      const servers = this.all.filter((r) => this.serving(r).includes(node)).map((r) => r.name);
      if (servers.length > 1)
        this.violations.push(`${node} served by ${servers.join(' and ')} at ${this.elapsed} ms`);
      const holder = this.holder(node);
      for (const server of servers) {
        if (server !== holder) {
          this.violations.push(
            `${node} served by ${server} but its Lease is held by ${holder} at ${this.elapsed} ms`,
          );
        }
      }
    }
  }
}

function count(list: string[], item: string): number {
  return list.filter((x) => x === item).length;
}
