import type { Backend } from '../../providers/backend.js';
import type { ContainerGroupStatusRecord, Tag } from '../../providers/eci-api/index.js';
import { ANNOTATION, TAG } from '../translate/index.js';
import { backoffDelay } from '../kube/index.js';
import { errorMessage, logger } from '../log.js';
import type { PodController } from './controller.js';
import { deleteGroup, podKeyOf } from './lifecycle.js';
import { podMetrics } from './metrics.js';

/** A group created less than this long ago may not be listed yet: never call it missing or orphaned. */
const GRACE_MS = 30_000;
const NUDGE_DEBOUNCE_MS = 100;
const UNREPORTED_AFTER_MS = 3_000;

/**
 * Collects container group status for all pods in batches (DescribeContainerGroupStatus: one call
 * serves every pod, and SinceSecond makes a tick cost O(changed)), and runs the periodic full listing
 * that finds vanished groups and orphans. Scoped by this cluster's and node's tags, so it never touches
 * another node's groups.
 */
export class StatusPoller {
  private stopped = false;
  private readonly abort = new AbortController();
  private lastPollAt = 0;
  private lastFullAt = 0;
  private wake?: () => void;
  private nudgeTimer?: NodeJS.Timeout;
  healthy = true;

  constructor(
    private readonly controller: PodController,
    private readonly backend: Backend,
    private readonly tags: Tag[],
    private readonly intervalMs: number,
    private readonly fullResyncMs: number,
  ) {}

  /** At start-up, before any pod is synced: learn which groups already exist for which pods. */
  async adopt(): Promise<void> {
    const { registry } = this.controller;
    const now = Date.now();
    for (const pod of this.controller.informer.store.values()) {
      const id = pod.metadata?.annotations?.[ANNOTATION.instanceId];
      const uid = pod.metadata?.uid;
      if (id && uid) {
        registry.set({
          containerGroupId: id,
          podKey: podKeyOf(pod),
          podUid: uid,
          knownSince: now,
          spec: pod.metadata?.annotations?.[ANNOTATION.instanceSpec],
        });
      }
    }
    await this.fullResync(true);
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.nudgeTimer);
    this.abort.abort();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      await this.wait(failures === 0 ? this.intervalMs : backoffDelay(failures, this.intervalMs, 30_000));
      if (this.stopped) return;
      try {
        if (Date.now() - this.lastFullAt >= this.fullResyncMs) await this.fullResync(false);
        else await this.pollChanged();
        failures = 0;
        this.healthy = true;
      } catch (err) {
        failures++;
        this.healthy = failures < 3;
        logger.warn('status poll failed', { attempt: failures, err: errorMessage(err) });
      }
      podMetrics.queueDepth.set(this.controller.queue.depth);
      podMetrics.informerRestarts.set(this.controller.informer.restarts);
    }
  }

  /**
   * A container group was just created: poll soon rather than at the next tick, so a group that is
   * Running at once (or quickly) is reported without waiting a whole interval. Nudges within the
   * debounce window share one poll.
   */
  nudge(): void {
    if (this.nudgeTimer !== undefined || this.wake === undefined) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = undefined;
      this.wake?.();
    }, NUDGE_DEBOUNCE_MS);
    this.nudgeTimer.unref();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
      this.abort.signal.addEventListener('abort', done, { once: true });
    });
  }

  private async pollChanged(): Promise<void> {
    const started = Date.now();
    const since = Math.ceil((started - this.lastPollAt) / 1000) + 2;
    const records = await this.backend.describeContainerGroupStatus({ Tags: this.tags, SinceSecond: since });
    this.lastPollAt = started;
    for (const record of records) this.apply(record);
    await this.fetchUnreported(started);
  }

  /**
   * Groups known for longer than the SinceSecond window that never got a record (a create retried
   * with the same ClientToken returns a group whose last change is older than the window): ask for
   * them by ID rather than wait for the next full listing.
   */
  private async fetchUnreported(now: number): Promise<void> {
    const ids: string[] = [];
    for (const entry of this.controller.registry.entries()) {
      if (entry.record === undefined && now - entry.knownSince > UNREPORTED_AFTER_MS)
        ids.push(entry.containerGroupId);
    }
    for (let i = 0; i < ids.length; i += 200) {
      const records = await this.backend.describeContainerGroupStatus({
        ContainerGroupIds: ids.slice(i, i + 200),
      });
      for (const record of records) this.apply(record);
    }
  }

  private apply(record: ContainerGroupStatusRecord): boolean {
    const entry = this.controller.registry.forGroup(record.ContainerGroupId);
    if (entry === undefined) return false;
    if (entry.record !== undefined && JSON.stringify(entry.record) === JSON.stringify(record)) return true;
    entry.record = record;
    entry.missing = false;
    this.controller.queue.add(entry.podKey);
    return true;
  }

  async fullResync(adopting: boolean): Promise<void> {
    const started = Date.now();
    const records = await this.backend.describeContainerGroupStatus({ Tags: this.tags });
    this.lastPollAt = started;
    this.lastFullAt = started;
    const unknown = records.filter((r) => !this.apply(r));
    await this.resolveUnknown(
      unknown.map((r) => r.ContainerGroupId),
      adopting,
    );
    // Adopted groups: their records came with this listing, before they were known.
    for (const record of unknown) this.apply(record);
    const listed = new Set(records.map((r) => r.ContainerGroupId));
    const byStatus = new Map<string, number>();
    for (const r of records) byStatus.set(r.Status, (byStatus.get(r.Status) ?? 0) + 1);
    podMetrics.groupsByStatus.reset();
    for (const [status, n] of byStatus) podMetrics.groupsByStatus.set({ status }, n);
    for (const entry of this.controller.registry.entries()) {
      if (listed.has(entry.containerGroupId) || (started - entry.knownSince < GRACE_MS && !adopting))
        continue;
      if (this.controller.isInFlight(entry.podUid)) continue;
      entry.missing = true;
      this.controller.queue.add(entry.podKey);
    }
    this.countPhases();
  }

  /** Groups with our tags that no known pod claims: adopt them by their UID tag, or delete them. */
  private async resolveUnknown(ids: string[], adopting: boolean): Promise<void> {
    const podsByUid = new Map(
      [...this.controller.informer.store.values()].map((p) => [p.metadata?.uid ?? '', p]),
    );
    for (let i = 0; i < ids.length; i += 20) {
      const groups = await this.backend.describeContainerGroups({ ContainerGroupIds: ids.slice(i, i + 20) });
      for (const group of groups) {
        const uid = group.Tags.find((t) => t.Key === TAG.uid)?.Value ?? '';
        const pod = podsByUid.get(uid);
        if (pod !== undefined) {
          this.controller.registry.set({
            containerGroupId: group.ContainerGroupId,
            podKey: podKeyOf(pod),
            podUid: uid,
            knownSince: Date.now(),
          });
          this.controller.queue.add(podKeyOf(pod));
          continue;
        }
        const age = Date.now() - new Date(group.CreationTime).getTime();
        if (this.controller.isInFlight(uid) || (!adopting && age < GRACE_MS)) continue;
        await deleteGroup(this.backend, group.ContainerGroupId);
        podMetrics.orphansDeleted.inc();
        logger.warn('orphan container group deleted: no pod has its UID', {
          containerGroupId: group.ContainerGroupId,
          uid,
        });
      }
    }
  }

  private countPhases(): void {
    const phases = new Map<string, number>();
    for (const pod of this.controller.informer.store.values()) {
      const phase = pod.status?.phase ?? 'Unknown';
      phases.set(phase, (phases.get(phase) ?? 0) + 1);
    }
    podMetrics.podsByPhase.reset();
    for (const [phase, n] of phases) podMetrics.podsByPhase.set({ phase }, n);
  }
}
