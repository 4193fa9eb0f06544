import type { V1Pod } from '@kubernetes/client-node';
import type { ContainerGroupStatusRecord } from '../../providers/eci-api/index.js';

export interface ImageChange {
  container: string;
  from: string;
  to: string;
}

/**
 * The app containers whose image in the pod spec differs from the one the group runs (`kubectl set
 * image`): the kubelet restarts such a container with the new image. A container the record does
 * not report an image for is left alone.
 */
export function changedImages(pod: V1Pod, record: ContainerGroupStatusRecord): ImageChange[] {
  const running = new Map(record.PodStatus.ContainerStatuses.map((s) => [s.Name, s.Image]));
  return (pod.spec?.containers ?? []).flatMap((c) => {
    const from = running.get(c.name);
    return from === undefined || c.image === undefined || from === c.image
      ? []
      : [{ container: c.name, from, to: c.image }];
  });
}
