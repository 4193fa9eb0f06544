import type { V1Pod } from '@kubernetes/client-node';
import { parseQuantity } from './quantity.js';

type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/**
 * Kubernetes' QoS class (pkg/apis/core/helper/qos): BestEffort when no container sets a cpu/memory
 * request or limit; Guaranteed when every container limits cpu and memory and requests equal limits;
 * Burstable otherwise. Pod-level resources, when set, decide on their own.
 */
export function qosClass(pod: V1Pod): QosClass {
  const spec = pod.spec;
  const all = spec?.resources
    ? [{ resources: spec.resources }]
    : [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    for (const name of ['cpu', 'memory']) {
      const limit = limits[name] !== undefined ? parseQuantity(limits[name]) : undefined;
      const request = requests[name] !== undefined ? parseQuantity(requests[name]) : limit;
      if ((limit ?? 0) > 0 || (request ?? 0) > 0) any = true;
      if (limit === undefined || request !== limit) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
