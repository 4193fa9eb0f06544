import type { Backend } from '../../providers/backend.js';
import { systemClock, type Clock } from '../../providers/clock.js';
import type {
  ContainerGroup,
  ContainerGroupStatusRecord,
  EciEvent,
  Tag,
} from '../../providers/eci-api/index.js';
import { backoffDelay } from '../kube/index.js';
import { errorMessage, logger } from '../log.js';

/** A nudged poll comes this long after the nudge at the soonest: nudges within it share one poll. */
const NUDGE_DEBOUNCE_MS = 100;
/** ...and this long after the last poll per group that poll returned (see nudgedPollDelay). */
const NUDGE_SPACING_PER_GROUP_MS = 0.5;
/**
 * Groups the poller asks about at once, by ID: one answer page of ECI's 200. The Alibaba backend
 * sends them 20 IDs a request, ECI's limit per call.
 */
const IDS_PER_CALL = 200;

export interface GroupEvents {
  ContainerGroupId: string;
  Events: EciEvent[];
}

/**
 * What the status source tells the pod controller, as virtual-kubelet's NotifyPods does: what it
 * saw, never what to do about it. The controller owns the group registry and every decision.
 */
export interface GroupObserver {
  /**
   * Current status of groups that changed since the last poll, or were looked up by ID; returns the
   * groups whose events to fetch now.
   */
  observed(records: ContainerGroupStatusRecord[]): string[];
  /** ECI events of groups, new since the last poll (at start-up: of groups not yet running). */
  eventsSeen(groups: GroupEvents[]): void;
  /** Every group of this node as of `listedAt` (ms): the controller finds vanished and unknown ones. */
  listed(records: ContainerGroupStatusRecord[], listedAt: number): Promise<void>;
  /**
   * Groups to look up by ID this tick: known ones that never got a record (with their events), ones
   * being deleted (to learn when they are gone), and ones whose pods are still initializing, to
   * describe: the status call reports app containers only, so init containers (running, failing,
   * restarting) are read from DescribeContainerGroups.
   */
  toLookUp(now: number): { unreported: string[]; deleting: string[]; initializing: string[] };
  /** Groups looked up by ID that ECI no longer lists. */
  absent(containerGroupIds: string[]): void;
  /** The initializing groups as DescribeContainerGroups showed them. */
  initSeen(groups: ContainerGroup[]): void;
}

/**
 * How long a nudge waits for its poll. Every poll returns each group changed within its window (the
 * time since the last poll plus 2 s), so during a burst a poll every 100 ms read each group some 30
 * times: three zone nodes over two replicas polled 28 times a second between them. Spacing nudged
 * polls by the groups the last one returned (0.5 ms each, never beyond the regular interval) keeps
 * a lone create's poll at 100 ms and reads each group of a burst fewer times.
 */
export function nudgedPollDelay(
  now: number,
  lastPoll: { at: number; groups: number },
  intervalMs: number,
): number {
  const spacing = Math.min(intervalMs, lastPoll.groups * NUDGE_SPACING_PER_GROUP_MS);
  return Math.max(NUDGE_DEBOUNCE_MS, lastPoll.at + spacing - now);
}

export interface StatusPollerOptions {
  intervalMs: number;
  fullResyncMs: number;
  clock?: Clock;
}

/**
 * Collects container group status for all pods in batches (DescribeContainerGroupStatus and
 * DescribeContainerGroupEvents: one call serves every pod, and SinceSecond makes a tick cost
 * O(changed)), and the periodic full listing. Scoped by this cluster's and node's tags, so it never
 * sees another node's groups.
 */
export class StatusPoller {
  private stopped = false;
  private lastPollAt = 0;
  /** Groups the last poll of what changed returned. */
  private lastPollGroups = 0;
  private lastFullAt = 0;
  private wake?: () => void;
  private waitTimer?: unknown;
  private nudgeTimer?: unknown;
  private readonly clock: Clock;
  healthy = true;

  constructor(
    private readonly backend: Backend,
    private readonly tags: Tag[],
    private readonly observer: GroupObserver,
    private readonly options: StatusPollerOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /**
   * The start-up listing. Events are fetched for groups still on their way (not Running or ended):
   * those explain a pending pod (NoStock, image pulls); older groups' events were reported before.
   */
  async listAll(): Promise<void> {
    const started = this.clock.now();
    const records = await this.backend.describeContainerGroupStatus({ Tags: this.tags });
    this.lastPollAt = started;
    this.lastFullAt = started;
    await this.observer.listed(records, started);
    const settled = new Set(['Running', 'Succeeded', 'Failed']);
    await this.fetchEvents(records.filter((r) => !settled.has(r.Status)).map((r) => r.ContainerGroupId));
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.nudgeTimer);
    this.nudgeTimer = undefined;
    this.wake?.();
  }

  /**
   * A container group was just created: poll soon rather than at the next tick, so a group that is
   * Running at once (or quickly) is reported without waiting a whole interval. Nudges before that
   * poll share it.
   */
  nudge(): void {
    if (this.nudgeTimer !== undefined || this.wake === undefined) return;
    const lastPoll = { at: this.lastPollAt, groups: this.lastPollGroups };
    this.nudgeTimer = this.clock.setTimeout(
      () => {
        this.nudgeTimer = undefined;
        this.wake?.();
      },
      nudgedPollDelay(this.clock.now(), lastPoll, this.options.intervalMs),
    );
  }

  private async loop(): Promise<void> {
    let failures = 0;
    const { intervalMs, fullResyncMs } = this.options;
    while (!this.stopped) {
      await this.wait(failures === 0 ? intervalMs : backoffDelay(failures, intervalMs, 30_000));
      if (this.stopped) return;
      try {
        if (this.clock.now() - this.lastFullAt >= fullResyncMs) await this.fullResync();
        else await this.pollChanged();
        failures = 0;
        this.healthy = true;
      } catch (err) {
        failures++;
        this.healthy = failures < 3;
        logger.warn('status poll failed', { attempt: failures, err: errorMessage(err) });
      }
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.clock.clearTimeout(this.waitTimer);
        this.wake = undefined;
        resolve();
      };
      this.waitTimer = this.clock.setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** What changed since the last poll, with 2 s to spare. */
  private sinceSecond(started: number): number {
    return Math.ceil((started - this.lastPollAt) / 1000) + 2;
  }

  /**
   * Status of the groups that changed, then their events by ID: the events call has no paging (its
   * model has no NextToken), so asking by tag would lose events beyond its first 200 groups.
   */
  private async pollChanged(): Promise<void> {
    const started = this.clock.now();
    const SinceSecond = this.sinceSecond(started);
    const records = await this.backend.describeContainerGroupStatus({ Tags: this.tags, SinceSecond });
    this.lastPollAt = started;
    this.lastPollGroups = records.length;
    await this.fetchEvents(this.observer.observed(records), SinceSecond);
    const { unreported, deleting, initializing } = this.observer.toLookUp(started);
    await this.lookUp([...unreported, ...deleting]);
    if (initializing.length > 0) {
      // The describe takes 20 IDs a call (the Alibaba backend splits a longer list).
      this.observer.initSeen(await this.backend.describeContainerGroups({ ContainerGroupIds: initializing }));
    }
  }

  private async fetchEvents(ids: string[], SinceSecond?: number): Promise<void> {
    for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
      const ContainerGroupIds = ids.slice(i, i + IDS_PER_CALL);
      this.observer.eventsSeen(
        await this.backend.describeContainerGroupEvents({ ContainerGroupIds, SinceSecond }),
      );
    }
  }

  /**
   * Asks for groups by ID rather than wait for the next full listing: groups known for longer than
   * the SinceSecond window that never got a record (a create retried with the same ClientToken
   * returns a group whose last change is older than the window), and groups being deleted, whose
   * absence is the news.
   */
  private async lookUp(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
      const ContainerGroupIds = ids.slice(i, i + IDS_PER_CALL);
      const records = await this.backend.describeContainerGroupStatus({ ContainerGroupIds });
      await this.fetchEvents(this.observer.observed(records));
      const listed = new Set(records.map((r) => r.ContainerGroupId));
      const absent = ContainerGroupIds.filter((id) => !listed.has(id));
      if (absent.length > 0) this.observer.absent(absent);
    }
  }

  /** The periodic full listing, after the usual poll of what changed (which brings the events). */
  private async fullResync(): Promise<void> {
    await this.pollChanged();
    const started = this.clock.now();
    const records = await this.backend.describeContainerGroupStatus({ Tags: this.tags });
    this.lastFullAt = started;
    await this.observer.listed(records, started);
  }
}
