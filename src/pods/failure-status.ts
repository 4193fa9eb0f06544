import type * as k8s from '@kubernetes/client-node';
import { NOT_STARTED_EXIT_CODE, notStartedStatus } from '../translate/index.js';

/**
 * The status a pod gets when its container group cannot be made. A pod that would restart
 * (restartPolicy Always/OnFailure) stays Pending so its controller does not replace it in a hot loop;
 * a run-once pod fails, as the kubelet fails pods it cannot admit. Its containers say so too: waiting,
 * or ended (exit code 128, as a container its runtime could not start) once the pod failed; tools that
 * wait for a container to run or end (`kubectl debug node/…`, `kubectl run -it`) then stop waiting.
 */
export function providerFailedStatus(pod: k8s.V1Pod, message: string, now: Date): k8s.V1PodStatus {
  const runOnce = pod.spec?.restartPolicy === 'Never';
  const reason = 'ProviderFailed';
  const state: k8s.V1ContainerState = runOnce
    ? { terminated: { exitCode: NOT_STARTED_EXIT_CODE, reason, message, finishedAt: now } }
    : { waiting: { reason, message } };
  return {
    phase: runOnce ? 'Failed' : 'Pending',
    reason,
    message,
    conditions: [instanceCondition('False', reason, message, now)],
    containerStatuses: (pod.spec?.containers ?? []).map((c) => notStartedStatus(c, state)),
  };
}

/** Waiting for a ConfigMap/Secret, or for stock: the pod stays Pending with the reason on its containers. */
export function waitingStatus(pod: k8s.V1Pod, reason: string, message: string, now: Date): k8s.V1PodStatus {
  return {
    phase: 'Pending',
    conditions: [instanceCondition('False', reason, message, now)],
    containerStatuses: (pod.spec?.containers ?? []).map((c) =>
      notStartedStatus(c, { waiting: { reason, message } }),
    ),
  };
}

function instanceCondition(status: string, reason: string, message: string, now: Date): k8s.V1PodCondition {
  return { type: 'ContainerInstanceCreated', status, reason, message, lastTransitionTime: now };
}
