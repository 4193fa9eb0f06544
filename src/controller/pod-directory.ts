import type * as k8s from '@kubernetes/client-node';
import type { PodDirectory, PodEntry } from '../kubelet/index.js';
import type { PodController } from '../pods/index.js';

/** What the kubelet API may know of the node's pods: the informer's cache and the group registry. */
export function podDirectory(controller: PodController): PodDirectory {
  const entryOf = (pod: k8s.V1Pod): PodEntry => ({
    pod,
    containerGroupId: controller.registry.forUid(pod.metadata?.uid ?? '')?.containerGroupId,
  });
  return {
    lookup(namespace, name) {
      const pod = controller.pod(`${namespace}/${name}`);
      return pod === undefined ? undefined : entryOf(pod);
    },
    list: () => [...controller.informer.store.values()].map(entryOf),
  };
}
