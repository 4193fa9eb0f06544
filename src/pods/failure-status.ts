import type * as k8s from '@kubernetes/client-node';

/**
 * The status a pod gets when its container group cannot be made. A pod that would restart
 * (restartPolicy Always/OnFailure) stays Pending so its controller does not replace it in a hot loop;
 * a run-once pod fails, as the kubelet fails pods it cannot admit.
 */
export function providerFailedStatus(pod: k8s.V1Pod, message: string, now: Date): k8s.V1PodStatus {
  const runOnce = pod.spec?.restartPolicy === 'Never';
  return {
    phase: runOnce ? 'Failed' : 'Pending',
    reason: 'ProviderFailed',
    message,
    conditions: [instanceCondition('False', 'ProviderFailed', message, now)],
  };
}

/** Waiting for a ConfigMap/Secret, or for stock: the pod stays Pending with the reason on its containers. */
export function waitingStatus(pod: k8s.V1Pod, reason: string, message: string, now: Date): k8s.V1PodStatus {
  const waiting = (c: k8s.V1Container): k8s.V1ContainerStatus => ({
    name: c.name,
    image: c.image ?? '',
    imageID: '',
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason, message } },
  });
  return {
    phase: 'Pending',
    conditions: [instanceCondition('False', reason, message, now)],
    containerStatuses: (pod.spec?.containers ?? []).map(waiting),
  };
}

function instanceCondition(status: string, reason: string, message: string, now: Date): k8s.V1PodCondition {
  return { type: 'ContainerInstanceCreated', status, reason, message, lastTransitionTime: now };
}
