import { createHash } from 'node:crypto';
import type * as k8s from '@kubernetes/client-node';
import { backoffDelay } from '../kube/index.js';
import { failStrategyOf } from '../translate/index.js';
import type { GroupEntry } from './registry.js';

/** The first re-creation is at once (ECI may find stock in another zone); the next ones 5 s apart, doubling to 2 min. */
const FIRST_DELAY_MS = 5_000;
const MAX_DELAY_MS = 120_000;

/**
 * Whether the pod's group ended ScheduleFailed (ECI accepted it, then found no capacity) and the
 * pod asked to be re-created then: fail-back (the default) and fail-over, as ECI's "Configure a fault
 * handling policy" page says ("the pod remains Pending until it is successfully recreated").
 * fail-fast keeps the failure (the pod Failed), for its owner to decide.
 */
export function needsNewGroup(pod: k8s.V1Pod, entry: GroupEntry): boolean {
  return entry.record?.Status === 'ScheduleFailed' && failStrategyOf(pod) !== 'fail-fast';
}

/**
 * The ClientToken of the group that replaces `replaced`: derived from both, so a create repeated
 * after a lost answer or a restart (the replaced group is deleted only once its successor exists)
 * answers the same successor, and differs from the pod UID, which would answer the replaced group.
 * 36 + 1 + 16 characters: within ECI's 64.
 */
export function successorToken(podUid: string, replaced: string): string {
  return `${podUid}-${createHash('sha256').update(replaced).digest('hex').slice(0, 16)}`;
}

/**
 * Why ECI could not schedule the group, for the pod's Warning: its capacity event (NoStock, ...) when
 * one has been fetched, else the record's ContainerInstanceCreated condition, which comes with it.
 */
export function unscheduledCause(entry: GroupEntry): { reason: string; message: string } {
  const event = entry.capacityEvent;
  const created = entry.record?.PodStatus.Conditions.find(
    (c) => c.Type === 'ContainerInstanceCreated' && c.Status === 'False',
  );
  const reason = event?.Reason ?? created?.Reason ?? 'ScheduleFailed';
  const detail = event?.Message ?? created?.Message;
  const why = detail ? `${reason}: ${detail}` : reason;
  return {
    reason,
    message:
      `container group ${entry.containerGroupId} ended ScheduleFailed (${why}); creating another ` +
      '(k8s.aliyun.com/eci-fail-strategy fail-back; fail-fast would fail the pod instead)',
  };
}

/** Consecutive re-creations per pod UID, so a zone without stock is asked less and less often. */
export class RescheduleBackoff {
  private readonly attempts = new Map<string, { count: number; notBefore: number }>();

  constructor(private readonly random: () => number = Math.random) {}

  /** 0 when the pod may get a new group now (the next one is then spaced out), else how long to wait. */
  take(podUid: string, now: number): number {
    const seen = this.attempts.get(podUid) ?? { count: 0, notBefore: 0 };
    if (now < seen.notBefore) return seen.notBefore - now;
    const spacing = backoffDelay(seen.count, FIRST_DELAY_MS, MAX_DELAY_MS, this.random);
    this.attempts.set(podUid, { count: seen.count + 1, notBefore: now + spacing });
    return 0;
  }

  forget(podUid: string): void {
    this.attempts.delete(podUid);
  }
}
