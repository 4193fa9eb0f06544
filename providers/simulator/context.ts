import type { Clock } from './clock.js';
import { rfc3339 } from './clock.js';
import { syncConditions } from './conditions.js';
import { recordEvent, type NewEvent } from './events.js';
import type { SimDataCache } from './data-caches/model.js';
import type { SimImageCache } from './image-caches/model.js';
import { OpsTasks } from './ops/tasks.js';
import type { SimVirtualNode } from './virtual-nodes/model.js';
import type { NameResolver } from './lookups.js';
import type { ServiceNetwork } from './service-network.js';
import type { Job, SimGroup } from './model.js';
import type { Scheduler } from './scheduler.js';
import type { Stock } from './stock.js';
import type { Store } from './store.js';
import type { Topology } from './topology.js';

export interface Settings {
  /** Multiplies every delay; 0 = instant. */
  speed: number;
  /** ± fraction of random variation on scheduling and image-pull delays. */
  jitter: number;
  /** How long terminal groups keep full metadata (ms). */
  terminalRetentionMs: number;
  /** How many terminal groups past their retention are kept per region. */
  keepTerminal: number;
  /** How long a ClientToken is remembered (ms). */
  clientTokenMs: number;
  /** What a create with no stock anywhere does. */
  noStock: 'error' | 'scheduleFailed';
}

/** Floor of container back-off delays, so a crash-looping container at speed 0 cannot spin. */
const MIN_BACKOFF_MS = 50;

/** The simulator's moving parts, handed to the lifecycle functions. */
export class SimContext {
  scheduler!: Scheduler;
  /** Image caches by ID: CreateImageCache makes them, CreateContainerGroup uses them. */
  readonly imageCaches = new Map<string, SimImageCache>();
  /** Data caches by ID: CreateDataCache makes them, CreateContainerGroup mounts them. */
  readonly dataCaches = new Map<string, SimDataCache>();
  /** Virtual nodes (VNodes) by ID: CreateVirtualNode makes them; none is registered in a cluster. */
  readonly virtualNodes = new Map<string, SimVirtualNode>();
  /** CommitContainer's tasks and CreateInstanceOpsTask's records, by group: they go with their group. */
  readonly opsTasks = new OpsTasks();
  /** The cluster DNS the containers' scripts look names up in; none: such lookups are not interpreted. */
  resolver?: NameResolver;
  /** The cluster's Services, as a group's kube-proxy sees them; none: a resolved host takes every port as open. */
  services?: ServiceNetwork;

  constructor(
    readonly regionId: string,
    readonly clock: Clock,
    readonly store: Store,
    readonly topology: Topology,
    readonly stock: Stock,
    readonly random: () => number,
    readonly settings: Settings,
    readonly dirty: () => void,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** A realistic delay in seconds, scaled by speed, optionally jittered. */
  delay(seconds: number, jitter = true): number {
    const j = jitter ? 1 + this.settings.jitter * (this.random() * 2 - 1) : 1;
    return seconds * 1000 * this.settings.speed * j;
  }

  /** A container back-off (seconds), scaled but never below MIN_BACKOFF_MS. */
  backOff(seconds: number): number {
    return Math.max(this.delay(seconds, false), MIN_BACKOFF_MS);
  }

  /** Lifetimes (retention, spot duration) scale with speed too, but never to zero: state must stay observable. */
  lifetime(ms: number): number {
    return this.settings.speed > 0 ? ms * this.settings.speed : ms;
  }

  /** Returns the job's due time: the one its handler is given. */
  schedule(ms: number, g: SimGroup, job: Omit<Job, 'due' | 'seq' | 'groupId' | 'epoch'>): number {
    return this.scheduler.after(ms, { ...job, groupId: g.id, epoch: g.epoch });
  }

  event(g: SimGroup, event: NewEvent): void {
    g.events = recordEvent(g.events, rfc3339(this.now()), event);
  }

  /** Call after every visible change: refreshes conditions, the SinceSecond log and the state file. */
  changed(g: SimGroup): void {
    syncConditions(g, this.now());
    this.store.touch(g, this.now());
    this.dirty();
  }
}
