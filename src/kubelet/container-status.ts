import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { HttpError } from './http-error.js';
import { ephemeralContainer, ephemeralUnsupported } from '../translate/index.js';
import type { PodEntry } from './types.js';

export function containerSpecExists(pod: V1Pod, name: string): boolean {
  const spec = pod.spec;
  return [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ].some((c) => c.name === name);
}

export function containerStatus(pod: V1Pod, name: string): V1ContainerStatus | undefined {
  const status = pod.status;
  return [
    ...(status?.containerStatuses ?? []),
    ...(status?.initContainerStatuses ?? []),
    ...(status?.ephemeralContainerStatuses ?? []),
  ].find((c) => c.name === name);
}

/** The pod and its container group, or the kubelet's 404 for a pod or container it does not know. */
export function resolveContainer(
  entry: PodEntry | undefined,
  podName: string,
  containerName: string,
): PodEntry {
  if (entry === undefined) throw new HttpError(404, `pod ${JSON.stringify(podName)} does not exist`);
  if (!containerSpecExists(entry.pod, containerName)) {
    throw new HttpError(
      404,
      `container ${JSON.stringify(containerName)} not found in pod ${JSON.stringify(podName)}`,
    );
  }
  return entry;
}

function waitingMessage(reason: string | undefined): string {
  switch (reason) {
    case 'ErrImagePull':
      return "image can't be pulled";
    case 'ImagePullBackOff':
      return 'trying and failing to pull image';
    default:
      return reason === undefined || reason === '' ? 'ContainerCreating' : reason;
  }
}

/**
 * The container group whose log to read, or the kubelet's 400 when there is no log yet
 * (validateContainerLogStatus). A container with no status yet is read anyway once its group exists:
 * the pod's status may lag the group by a sync period. An ephemeral container never ran: the 400 says
 * why and what to do (`kubectl debug -it` shows it, as it falls back to the logs of an ended one).
 */
export function logContainerGroupId(entry: PodEntry, containerName: string, previous: boolean): string {
  const podName = entry.pod.metadata?.name ?? '';
  const subject = `container ${JSON.stringify(containerName)} in pod ${JSON.stringify(podName)}`;
  const ephemeral = ephemeralContainer(entry.pod, containerName);
  if (ephemeral !== undefined) throw new HttpError(400, ephemeralUnsupported(entry.pod, ephemeral));
  const status = containerStatus(entry.pod, containerName);
  if (previous) {
    if (status?.lastState?.terminated === undefined) {
      throw new HttpError(
        400,
        `previous terminated container ${JSON.stringify(containerName)} in pod ${JSON.stringify(podName)} not found`,
      );
    }
  } else if (
    status !== undefined &&
    status.state?.running === undefined &&
    status.state?.terminated === undefined &&
    status.lastState?.terminated === undefined
  ) {
    const waiting = status.state?.waiting;
    // Without a group the wait is the controller's own (ProviderFailed, NoStock, a missing ConfigMap):
    // its message says why, which the kubelet's reason alone would not.
    const why = entry.containerGroupId === undefined && waiting?.message ? `: ${waiting.message}` : '';
    if (waiting !== undefined)
      throw new HttpError(400, `${subject} is waiting to start: ${waitingMessage(waiting.reason)}${why}`);
    throw new HttpError(400, `${subject} is waiting to start - no logs yet`);
  }
  if (entry.containerGroupId === undefined) {
    const { reason, message } = entry.pod.status ?? {};
    // A pod ECI cannot run has no group, and never will: say why, not "ContainerCreating".
    if (reason === 'ProviderFailed')
      throw new HttpError(400, `${subject} was not created: ${message ?? reason}`);
    throw new HttpError(400, `${subject} is waiting to start: ContainerCreating`);
  }
  return entry.containerGroupId;
}

/** What a follower remembers of the container instance it streams. */
export interface FollowedInstance {
  restartCount: number;
}

export function followedInstance(pod: V1Pod, containerName: string): FollowedInstance {
  return { restartCount: containerStatus(pod, containerName)?.restartCount ?? 0 };
}

/**
 * Whether the followed container instance has stopped writing: the pod left the node, the container
 * terminated, or it restarted (a new instance is a new log, as with the kubelet's per-instance files).
 */
export function followEnded(
  entry: PodEntry | undefined,
  containerName: string,
  followed: FollowedInstance,
): boolean {
  if (entry === undefined) return true;
  const status = containerStatus(entry.pod, containerName);
  if (status === undefined) return false;
  return status.state?.terminated !== undefined || status.restartCount > followed.restartCount;
}
