import type * as k8s from '@kubernetes/client-node';
import type { PodsApi } from '../pods/pods-api.js';
import { ANNOTATION } from '../translate/index.js';

/**
 * The group's price per hour on the pod, e.g. `0.4411 CNY` (see README, "Cost view"). Listed with
 * the written-back annotations, so a manifest copied from a running pod raises no warning.
 */
export const PRICE_ANNOTATION = ANNOTATION.pricePerHour;

/**
 * The pod writes with the price annotation added to the status PATCH the controller makes anyway:
 * no write of its own. Added when the pod's group has a known price the pod does not show yet; the
 * written pod then carries it, so later writes leave it alone.
 */
export function withPriceAnnotation(
  pods: PodsApi,
  priceOf: (containerGroupId: string) => Promise<string | undefined>,
): PodsApi {
  return {
    patchStatus: async (pod: k8s.V1Pod, patch: k8s.V1Pod) => {
      const id =
        patch.metadata?.annotations?.[ANNOTATION.instanceId] ??
        pod.metadata?.annotations?.[ANNOTATION.instanceId];
      const price = id === undefined ? undefined : await priceOf(id);
      if (price === undefined || pod.metadata?.annotations?.[PRICE_ANNOTATION] === price)
        return pods.patchStatus(pod, patch);
      const annotations = { ...patch.metadata?.annotations, [PRICE_ANNOTATION]: price };
      return pods.patchStatus(pod, { ...patch, metadata: { ...patch.metadata, annotations } });
    },
    deleteWithUid: (pod) => pods.deleteWithUid(pod),
    references: (pod) => pods.references(pod),
    resourceVersionOf: (ref) => pods.resourceVersionOf(ref),
  };
}
