import { internLeaf } from '../intern.js';
import type { ConditionState, SimGroup } from './model.js';

type Desired = Omit<ConditionState, 'since'>;

/** The pod conditions a group should show now, ECI's ContainerInstanceCreated included. */
export function desiredConditions(g: SimGroup): Record<string, Desired> {
  const scheduling = g.status === 'Scheduling' || g.status === 'ScheduleFailed';
  const created: Desired = scheduling
    ? {
        status: false,
        reason: g.status === 'ScheduleFailed' ? 'NoStock' : 'Creating',
        message: g.scheduleFailure,
      }
    : { status: true, reason: 'Created' };
  const pendingInit = g.initContainers.filter((c) => !c.done).map((c) => c.name);
  const unready = g.containers.filter((c) => !c.ready).map((c) => c.name);
  const initialized: Desired = pendingInit.length
    ? {
        status: false,
        reason: 'ContainersNotInitialized',
        message: `containers with incomplete status: [${pendingInit.join(' ')}]`,
      }
    : { status: !scheduling };
  const ready: Desired =
    g.status === 'Succeeded' || g.status === 'Failed' || g.status === 'Expired'
      ? { status: false, reason: 'PodCompleted' }
      : unready.length || g.status !== 'Running'
        ? {
            status: false,
            reason: 'ContainersNotReady',
            message: `containers with unready status: [${unready.join(' ')}]`,
          }
        : { status: true };
  return {
    ContainerInstanceCreated: created,
    PodScheduled: scheduling
      ? { status: false, reason: g.status === 'ScheduleFailed' ? 'Unschedulable' : undefined }
      : { status: true },
    Initialized: initialized,
    ContainersReady: ready,
    Ready: ready,
  };
}

/**
 * Replaces the stored conditions that changed, keeping LastTransitionTime unless the status flips.
 * Each is a shared, frozen value (internLeaf) with its time to the second, all that
 * LastTransitionTime shows: the groups that reached the same state in the same second hold one.
 */
export function syncConditions(g: SimGroup, now: number): void {
  const desired = desiredConditions(g);
  for (const type in desired) {
    const want = desired[type];
    const have = g.conditions[type];
    const same = have?.status === want.status;
    if (same && have.reason === want.reason && have.message === want.message) continue;
    const since = same ? have.since : Math.floor(now / 1000) * 1000;
    // One literal: a spread then `since` would put `since` in a second store, 50,000 times.
    g.conditions[type] = internLeaf({
      status: want.status,
      reason: want.reason,
      message: want.message,
      since,
    });
  }
}
