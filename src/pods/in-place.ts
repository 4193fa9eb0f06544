import type * as k8s from '@kubernetes/client-node';
import type { Backend } from '../../providers/backend.js';
import type {
  ContainerGroupStatusRecord,
  CreateContainerGroupRequest,
} from '../../providers/eci-api/index.js';
import type { Clock } from '../../providers/clock.js';
import type { EventRecorder } from '../kube/index.js';
import { EPHEMERAL_WHY, ephemeralFix, newEphemeralContainers } from '../translate/index.js';
import { updateImages } from './image-update.js';
import type { MountRefresher } from './mount-refresh.js';
import type { GroupEntry } from './registry.js';
import { resize } from './resize.js';
import { reportRefused } from './update-refused.js';

export interface InPlaceDeps {
  backend: Backend;
  events: EventRecorder;
  clock: Clock;
  mounts: MountRefresher;
  /** The create request the pod would make now (fresh references); throws TranslationError. */
  requestOf(pod: k8s.V1Pod): Promise<CreateContainerGroupRequest>;
}

/**
 * What the kubelet changes in a running pod without recreating it: images (`kubectl set image`),
 * resources (`--subresource resize`), then mounted files. ECI restarts the group for each
 * UpdateContainerGroup call, so at most one is made per sync; the others wait for the next sync,
 * which the group's Updating → Running brings.
 */
export async function applyInPlaceUpdates(
  deps: InPlaceDeps,
  pod: k8s.V1Pod,
  entry: GroupEntry,
  record: ContainerGroupStatusRecord,
): Promise<void> {
  const { backend, events } = deps;
  reportEphemeralContainers(events, pod);
  const containersOf = async (p: k8s.V1Pod) => (await deps.requestOf(p)).Container;
  if (await updateImages({ backend, events, containersOf }, pod, entry, record)) return;
  const now = () => deps.clock.now();
  if (await resize({ backend, events, requestOf: deps.requestOf, now }, pod, entry, record)) return;
  await deps.mounts.refresh(pod, entry, record);
}

/**
 * `kubectl debug <pod> --image=...` adds an ephemeral container, which ECI cannot run: one Warning
 * each, the first time it is seen (the status written after it lists it: toPodStatus).
 */
function reportEphemeralContainers(events: EventRecorder, pod: k8s.V1Pod): void {
  const all = pod.spec?.ephemeralContainers ?? [];
  for (const container of newEphemeralContainers(pod)) {
    reportRefused(events, pod, {
      field: `spec.ephemeralContainers[${all.indexOf(container)}]`,
      value: `${container.name} (image ${container.image ?? 'none'})`,
      reason: `ECI cannot add a container to a running container group: ${EPHEMERAL_WHY}`,
      keeps: 'its containers running, untouched',
      fix: ephemeralFix(pod, container),
    });
  }
}
