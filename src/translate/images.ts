import type { V1Pod } from '@kubernetes/client-node';
import type { ContainerGroupStatusRecord } from '../../providers/eci-api/index.js';
import { isSidecar } from './sidecars.js';

export interface ImageChange {
  container: string;
  /** The pod field the new image is in, e.g. `spec.containers[0].image`. */
  field: string;
  from: string;
  to: string;
}

/**
 * The app containers and native sidecars whose image in the pod spec differs from the one the group
 * runs (`kubectl set image`): the kubelet restarts such a container with the new image. A container
 * the record does not report an image for is left alone.
 */
export function changedImages(pod: V1Pod, record: ContainerGroupStatusRecord): ImageChange[] {
  const running = new Map(record.PodStatus.ContainerStatuses.map((s) => [s.Name, s.Image]));
  const containers = [
    ...(pod.spec?.initContainers ?? []).flatMap((c, i) =>
      isSidecar(c) ? [{ c, field: `spec.initContainers[${i}].image` }] : [],
    ),
    ...(pod.spec?.containers ?? []).map((c, i) => ({ c, field: `spec.containers[${i}].image` })),
  ];
  return containers.flatMap(({ c, field }) => {
    const from = running.get(c.name);
    return from === undefined || c.image === undefined || from === c.image
      ? []
      : [{ container: c.name, field, from, to: c.image }];
  });
}
