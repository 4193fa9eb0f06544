import type { V1ContainerStatus, V1Pod, V1PodStatus } from '@kubernetes/client-node';
import { UNKNOWN_EXIT_CODE } from './container-status.js';
import { CONDITION } from './status.js';

/** How long a pod that never started may have no container group before we call it lost. */
export const MISSING_GRACE_MS = 60_000;

function lost(s: V1ContainerStatus, now: Date): V1ContainerStatus {
  if (s.state?.terminated) return { ...s, ready: false, started: false };
  const running = s.state?.running;
  return {
    ...s,
    ready: false,
    started: false,
    state: {
      terminated: running
        ? {
            exitCode: UNKNOWN_EXIT_CODE,
            reason: 'NotFound',
            message: 'Container was not found and was likely deleted',
            startedAt: running.startedAt,
            finishedAt: now,
          }
        : {
            exitCode: UNKNOWN_EXIT_CODE,
            reason: 'ContainerStatusUnknown',
            message: 'The container could not be located when the pod was terminated',
          },
    },
  };
}

/**
 * The status of a pod whose container group is gone from ECI: Failed, reason NotFound, running
 * containers terminated with exit code 137. Undefined (leave it alone) while the pod is younger than a
 * minute and never started, since its group may simply not be listed yet; or when it already ended.
 */
export function podPhaseForMissingGroup(pod: V1Pod, now: Date): V1PodStatus | undefined {
  const status = pod.status ?? {};
  if (status.phase === 'Succeeded' || status.phase === 'Failed') return undefined;
  const created = pod.metadata?.creationTimestamp ? new Date(pod.metadata.creationTimestamp).getTime() : 0;
  const everStarted =
    status.phase === 'Running' ||
    [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])].some(
      (s) => s.state?.running || s.state?.terminated || s.lastState?.terminated,
    );
  if (!everStarted && now.getTime() - created < MISSING_GRACE_MS) return undefined;

  const notReady = (type: string) => ({
    type,
    status: 'False',
    reason: 'PodFailed',
    lastTransitionTime: now,
  });
  const conditions = [
    ...(status.conditions ?? []).filter(
      (c) => c.type !== CONDITION.ready && c.type !== CONDITION.containersReady,
    ),
    notReady(CONDITION.containersReady),
    notReady(CONDITION.ready),
  ];
  return {
    ...status,
    phase: 'Failed',
    reason: 'NotFound',
    message:
      'The ECI container group backing this pod no longer exists (deleted outside Kubernetes, or released after it ended)',
    conditions,
    containerStatuses: (status.containerStatuses ?? []).map((s) => lost(s, now)),
    initContainerStatuses: status.initContainerStatuses?.map((s) => lost(s, now)),
  };
}
