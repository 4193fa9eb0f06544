import type * as k8s from '@kubernetes/client-node';
import type { Backend } from '../../providers/backend.js';
import type {
  ContainerGroupStatusRecord,
  CreateContainerGroupRequest,
} from '../../providers/eci-api/index.js';
import { internStrings, podTarget, type EventRecorder } from '../kube/index.js';
import { isSidecar, TranslationError } from '../translate/index.js';
import type { GroupEntry } from './registry.js';
import { isRefusal } from './update-refused.js';

/** The kubelet's resize conditions (InPlacePodVerticalScaling). */
export const RESIZE_PENDING = 'PodResizePending';
export const RESIZE_IN_PROGRESS = 'PodResizeInProgress';

/** What the group was given for each app container, as in the pod spec at the time. */
type Resources = Record<string, k8s.V1ResourceRequirements>;

export interface ResizeState {
  /** The resources (JSON of Resources) the group runs with. */
  applied: string;
  /** When UpdateContainerGroup was asked for them; cleared once every container restarted since. */
  requestedAt?: number;
  /** Resources ECI cannot give this group, and why: PodResizePending Infeasible until the spec changes. */
  infeasible?: { resources: string; message: string };
}

export interface ResizeDeps {
  backend: Backend;
  events: EventRecorder;
  /** The create request the pod would make now; throws TranslationError. */
  requestOf(pod: k8s.V1Pod): Promise<CreateContainerGroupRequest>;
  now(): number;
}

/** The containers a resize applies to, in one order: the native sidecars, then the app containers. */
function resizable(pod: k8s.V1Pod): k8s.V1Container[] {
  return [...(pod.spec?.initContainers ?? []).filter(isSidecar), ...(pod.spec?.containers ?? [])];
}

function specResources(pod: k8s.V1Pod): Resources {
  return Object.fromEntries(
    resizable(pod).map((c) => [c.name, { requests: c.resources?.requests, limits: c.resources?.limits }]),
  );
}

/** What the status says the containers run with (written by us before a controller restart). */
function statusResources(pod: k8s.V1Pod): Resources | undefined {
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const out: Resources = {};
  for (const c of resizable(pod)) {
    const resources = statuses.find((s) => s.name === c.name)?.resources;
    if (resources === undefined) return undefined;
    out[c.name] = resources;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function restartedSince(record: ContainerGroupStatusRecord, at: number): boolean {
  return (
    record.Status === 'Running' &&
    record.PodStatus.ContainerStatuses.every((c) => {
      const started = c.State.Running?.StartedAt;
      return started !== undefined && new Date(started).getTime() >= at;
    })
  );
}

/**
 * `kubectl patch pod --subresource resize`: ECI's UpdateContainerGroup takes the group's Cpu and
 * Memory and each container's, and restarts the group as Updating, so a resize is applied as the
 * kubelet applies one with resizePolicy RestartContainer. A size ECI cannot give (an ECS instance
 * type, no spec that large, ECI refusing it) is reported as PodResizePending Infeasible with a
 * Warning, once, and the group keeps its size. True when UpdateContainerGroup was called.
 */
export async function resize(
  deps: ResizeDeps,
  pod: k8s.V1Pod,
  entry: GroupEntry,
  record: ContainerGroupStatusRecord,
): Promise<boolean> {
  const desired = JSON.stringify(specResources(pod));
  // Its string shared: most pods of a burst run with the same resources.
  const state = (entry.resize ??= internStrings<ResizeState>({
    applied: JSON.stringify(statusResources(pod) ?? specResources(pod)),
  }));
  if (state.requestedAt !== undefined && restartedSince(record, state.requestedAt)) {
    state.requestedAt = undefined;
    deps.events.normal(podTarget(pod), 'ResizeCompleted', `Pod resize completed: ${state.applied}`);
  }
  if (desired === state.applied) {
    state.infeasible = undefined;
    return false;
  }
  if (desired === state.infeasible?.resources) return false;
  if (record.Status !== 'Running' && record.Status !== 'Pending') return false;
  const infeasible = (message: string): false => {
    state.infeasible = { resources: desired, message };
    deps.events.warning(podTarget(pod), 'ResizeInfeasible', message);
    return false;
  };
  let request: CreateContainerGroupRequest;
  try {
    request = await deps.requestOf(pod);
  } catch (err) {
    if (!(err instanceof TranslationError)) throw err;
    return infeasible(`${err.message}; the pod keeps its current resources`);
  }
  if (request.InstanceType !== undefined) {
    return infeasible(
      `spec.containers[*].resources: the pod runs on ECS instance type ${request.InstanceType}, which UpdateContainerGroup cannot change; the pod keeps its current resources; recreate the pod (e.g. roll its Deployment) to get the new size`,
    );
  }
  try {
    await deps.backend.updateContainerGroup(entry.containerGroupId, {
      Cpu: request.Cpu,
      Memory: request.Memory,
      // Whole containers: the API requires each one's Image, as at create.
      Container: request.Container,
    });
  } catch (err) {
    if (!isRefusal(err)) throw err; // transient: retried with the sync's back-off
    return infeasible(
      `spec.containers[*].resources: ${request.Cpu} vCPU / ${request.Memory} GiB was refused by ECI for container group ${entry.containerGroupId}: ${err.code}: ${err.message}; the pod keeps its current resources; choose resources ECI sells, or recreate the pod`,
    );
  }
  state.applied = desired;
  state.infeasible = undefined;
  state.requestedAt = deps.now();
  return true;
}

type Condition = k8s.V1PodCondition & { $patch?: 'delete' };

/**
 * The status as the kubelet reports a resize: each container's allocated and actual resources, and
 * the resize conditions while one is pending or in progress. A condition no longer true is removed
 * with a strategic-merge delete directive, as the kubelet's status patches do.
 */
export function withResizeStatus(
  status: k8s.V1PodStatus,
  pod: k8s.V1Pod,
  state: ResizeState | undefined,
  now: Date,
): k8s.V1PodStatus {
  if (state === undefined) return status;
  const applied = JSON.parse(state.applied) as Resources;
  const generation = pod.metadata?.generation;
  const wanted: Condition[] = [];
  if (state.requestedAt !== undefined) {
    wanted.push({
      type: RESIZE_IN_PROGRESS,
      status: 'True',
      lastTransitionTime: now,
      observedGeneration: generation,
    });
  }
  if (state.infeasible !== undefined) {
    wanted.push({
      type: RESIZE_PENDING,
      status: 'True',
      reason: 'Infeasible',
      message: state.infeasible.message,
      lastTransitionTime: now,
      observedGeneration: generation,
    });
  }
  const withResources = (s: k8s.V1ContainerStatus): k8s.V1ContainerStatus => {
    const r = applied[s.name];
    return r === undefined ? s : { ...s, resources: r, allocatedResources: r.requests };
  };
  const resizeTypes = new Set([RESIZE_PENDING, RESIZE_IN_PROGRESS]);
  const cleared: Condition[] = (pod.status?.conditions ?? [])
    .filter((c) => resizeTypes.has(c.type) && !wanted.some((w) => w.type === c.type))
    .map((c) => ({ type: c.type, status: c.status, $patch: 'delete' }));
  return {
    ...status,
    conditions: [...(status.conditions ?? []).filter((c) => !resizeTypes.has(c.type)), ...wanted, ...cleared],
    containerStatuses: status.containerStatuses?.map(withResources),
    // A native sidecar's; regular init containers have none in `applied`.
    initContainerStatuses: status.initContainerStatuses?.map(withResources),
  };
}
