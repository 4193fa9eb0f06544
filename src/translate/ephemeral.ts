import type { V1ContainerStatus, V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import { NOT_STARTED_EXIT_CODE, notStartedStatus } from './container-status.js';

/**
 * Ephemeral containers (`kubectl debug <pod> --image=...`) cannot run on ECI: a container group's
 * containers are fixed at CreateContainerGroup, and UpdateContainerGroup restarts all of them, which
 * is what debugging a live pod must not do. The kubelet reports a container its runtime could not
 * start as terminated with reason StartError and exit code 128; so do we, with the why and the fix
 * in the message, because `kubectl debug -it` waits (with no timeout) until the container runs or
 * ends, and on its end shows the container's logs, whose refusal then prints that message.
 */
const EPHEMERAL_REASON = 'StartError';

/** Why ECI runs no ephemeral container. */
export const EPHEMERAL_WHY =
  "a container group's containers are fixed when it is created, and updating them restarts every container";

/**
 * What to do instead: debug a copy of the pod (kubectl debug --copy-to makes a new pod with the
 * debug container; ECI has no attach, so it sleeps and is entered with exec), or exec into the pod.
 */
export function ephemeralFix(pod: V1Pod, container: V1EphemeralContainer): string {
  const name = pod.metadata?.name ?? '';
  const copy = `${name}-debug`;
  return (
    `debug a copy instead: kubectl debug ${name} --copy-to=${copy} --image=${container.image ?? '<image>'} ` +
    `--share-processes -c debugger -- sleep infinity, then kubectl exec -it ${copy} -c debugger -- sh; ` +
    `or run a shell in a running container: kubectl exec -it ${name} -- sh`
  );
}

export function ephemeralUnsupported(pod: V1Pod, container: V1EphemeralContainer): string {
  const name = JSON.stringify(pod.metadata?.name ?? '');
  return (
    `ECI cannot add container ${JSON.stringify(container.name)} to the running container group of pod ${name}: ` +
    `${EPHEMERAL_WHY}; ${ephemeralFix(pod, container)}`
  );
}

/** The ephemeral container of this name in the pod's spec, if it is one. */
export function ephemeralContainer(pod: V1Pod, name: string): V1EphemeralContainer | undefined {
  return pod.spec?.ephemeralContainers?.find((c) => c.name === name);
}

/**
 * The status of each ephemeral container: ended at once. The first finishedAt written is kept, so
 * the status a sync computes stays the same and is not written again.
 */
export function ephemeralContainerStatuses(pod: V1Pod, now: Date): V1ContainerStatus[] | undefined {
  const specs = pod.spec?.ephemeralContainers ?? [];
  if (specs.length === 0) return undefined;
  const written = pod.status?.ephemeralContainerStatuses ?? [];
  return specs.map((spec) => {
    const before = written.find((s) => s.name === spec.name)?.state?.terminated?.finishedAt;
    return notStartedStatus(spec, {
      terminated: {
        exitCode: NOT_STARTED_EXIT_CODE,
        reason: EPHEMERAL_REASON,
        message: ephemeralUnsupported(pod, spec),
        finishedAt: before ?? now,
      },
    });
  });
}

/** The ephemeral containers added since the pod's status was last written: each is reported once. */
export function newEphemeralContainers(pod: V1Pod): V1EphemeralContainer[] {
  const written = new Set((pod.status?.ephemeralContainerStatuses ?? []).map((s) => s.name));
  return (pod.spec?.ephemeralContainers ?? []).filter((c) => !written.has(c.name));
}
