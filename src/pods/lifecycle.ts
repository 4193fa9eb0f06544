import type * as k8s from '@kubernetes/client-node';
import { isBackendError, type Backend } from '../../providers/backend.js';
import type { CreateContainerGroupRequest } from '../../providers/eci-api/index.js';
import { applySpec, specLabel, type SpecCandidate } from '../translate/index.js';
import { keyOf } from '../kube/index.js';

export interface Created {
  containerGroupId: string;
  requestId: string;
  spec: string;
}

/** Thrown when no candidate spec has stock in any of the pod's zones: retry later. */
export class NoStockError extends Error {
  constructor(
    readonly specs: string[],
    readonly vSwitchIds: string,
    readonly detail: string,
  ) {
    super(
      `no ECI stock for ${specs.join(', ')} in the zones of vSwitch ${vSwitchIds} (${detail}); ` +
        'retrying with back-off. Add vSwitches in other zones (ECI_VSWITCH or annotation k8s.aliyun.com/eci-vswitch) ' +
        'or more specs (k8s.aliyun.com/eci-use-specs) to widen the choice',
    );
    this.name = 'NoStockError';
  }
}

/**
 * Creates the container group, trying each candidate spec in order while the backend answers NoStock.
 * The ClientToken is the pod UID, so a retried or repeated call never makes a second group.
 */
export async function createWithCandidates(
  backend: Backend,
  request: CreateContainerGroupRequest,
  candidates: SpecCandidate[],
  podUid: string,
): Promise<Created> {
  let lastNoStock = '';
  for (const candidate of candidates) {
    try {
      const result = await backend.createContainerGroup({
        ...applySpec(request, candidate),
        ClientToken: podUid,
      });
      return {
        containerGroupId: result.ContainerGroupId,
        requestId: result.RequestId,
        spec: specLabel(candidate),
      };
    } catch (err) {
      if (!isBackendError(err, 'NoStock')) throw err;
      lastNoStock = err.message;
    }
  }
  throw new NoStockError(candidates.map(specLabel), request.VSwitchId, lastNoStock);
}

/** Deletes a container group; one that is already gone counts as deleted. */
export async function deleteGroup(backend: Backend, containerGroupId: string): Promise<void> {
  try {
    await backend.deleteContainerGroup(containerGroupId);
  } catch (err) {
    if (!isBackendError(err, 'NotFound')) throw err;
  }
}

/** The pod's queue and cache key, `namespace/name`: the informer's own key. */
export const podKeyOf: (pod: k8s.V1Pod) => string = keyOf;

export function isTerminalPhase(pod: k8s.V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}
