import type { CreateContainerGroupRequest } from '../../providers/eci-api/index.js';

/** Controller-wide request settings that a pod's own annotations override. */
export interface RequestDefaults {
  /** ALIYUN_RESOURCEGROUP_ID, or the eci-profile's resourceGroupId (which wins). */
  resourceGroupId?: string;
}

/**
 * The request with the controller's defaults filled in where the pod set nothing: the pod's
 * `k8s.aliyun.com/eci-resource-group-id` wins over the profile, which wins over the environment.
 */
export function applyRequestDefaults(
  request: CreateContainerGroupRequest,
  defaults: RequestDefaults,
): CreateContainerGroupRequest {
  if (request.ResourceGroupId || !defaults.resourceGroupId) return request;
  return { ...request, ResourceGroupId: defaults.resourceGroupId };
}
