import type * as k8s from '@kubernetes/client-node';
import type { ContainerGroup, ContainerStatusInfo } from '../../providers/eci-api/index.js';
import { appContainersBegan, isSidecar } from '../translate/index.js';
import type { GroupEntry } from './registry.js';
import { sameJson } from './same-json.js';

/**
 * How often a group whose pod initializes is described. The status call has no init containers, so
 * without it a failing init container looked like ContainerCreating for ever (the kubelet shows
 * Init:Error, Init:CrashLoopBackOff, its restarts and its logs).
 */
export const INIT_DESCRIBE_MS = 2_000;

/**
 * Whether to describe the group now: its pod has init containers and the group is alive, and either
 * no app container started yet, or one did and the init containers were last seen before they ended
 * (described once more for their end: without it the pod showed them Completed with no start, end,
 * container or image ID).
 */
export function describeInitNow(
  entry: GroupEntry,
  podOf: (key: string) => k8s.V1Pod | undefined,
  now: number,
): boolean {
  const record = entry.record;
  if (entry.runsInitContainers === false || record === undefined || entry.deleteRequestedAt !== undefined)
    return false;
  if (record.Status !== 'Pending' && record.Status !== 'Running' && record.Status !== 'Restarting')
    return false;
  if (now - (entry.initDescribedAt ?? 0) < INIT_DESCRIBE_MS) return false;
  if (appContainersBegan(record)) {
    const unended = entry.initContainers?.some((c) => c.CurrentState.State !== 'Terminated') ?? true;
    if (entry.initEnded || !unended) return false;
  }
  if (entry.runsInitContainers === undefined) {
    const pod = podOf(entry.podKey);
    if (pod === undefined) return false;
    // Native sidecars are ECI containers: the status call reports them. A pod's init containers
    // never change, so this is asked once: the poll tick runs this for every group of the node.
    entry.runsInitContainers = (pod.spec?.initContainers ?? []).some((c) => !isSidecar(c));
  }
  return entry.runsInitContainers;
}

/** What a pod's status is made of: the rest of a describe (spec echo, events) is not kept. */
function statusPart(c: ContainerStatusInfo): ContainerStatusInfo {
  return {
    Name: c.Name,
    Image: c.Image,
    Ready: c.Ready,
    RestartCount: c.RestartCount,
    CurrentState: c.CurrentState,
    ...(c.PreviousState ? { PreviousState: c.PreviousState } : {}),
  };
}

/** Records what the describe showed; returns the pods whose init containers changed. */
export function initSeen(
  groups: ContainerGroup[],
  entryOf: (groupId: string) => GroupEntry | undefined,
  now: number,
): string[] {
  const changed: string[] = [];
  for (const group of groups) {
    const entry = entryOf(group.ContainerGroupId);
    if (entry === undefined) continue;
    entry.initDescribedAt = now;
    if (entry.record && appContainersBegan(entry.record)) entry.initEnded = true;
    const seen = (group.InitContainers ?? []).map(statusPart);
    if (sameJson(seen, entry.initContainers)) continue;
    entry.initContainers = seen;
    changed.push(entry.podKey);
  }
  return changed;
}
