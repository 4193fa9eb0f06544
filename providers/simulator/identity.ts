import type { Tag } from '../eci-api/index.js';
import type { SimGroup } from './model.js';
import { digest } from './random.js';

/**
 * The pod a group stands for, as ECI reports it in the status and events calls (`Namespace`,
 * `uuid`, `Annotations`). ECI learns a pod's namespace and UID only from what its creator sends:
 * for a virtual node that is the group's tags (`NameSpace`, `UID`, the keys the Go provider set and
 * the controller still sets); any other group is in `default` and has a UUID of its own. `KubeProxy`
 * says whether ECI runs kube-proxy in the group (lookups.ts).
 */
export const POD_TAGS = { namespace: 'NameSpace', uid: 'UID', kubeProxy: 'KubeProxy' } as const;

/**
 * The account's default resource group: "If you have not specified a resource group for the
 * container group, it is added to the default resource group" (Alibaba's own Terraform guide to
 * alicloud_eci_container_groups), so every group has one, shown and matched as any other.
 */
export const DEFAULT_RESOURCE_GROUP_ID = `rg-acfm${digest('resource-group', 'default').slice(0, 11)}`;

export interface GroupIdentity {
  Namespace: string;
  uuid: string;
  /**
   * JSON-encoded annotations. No CreateContainerGroup parameter carries annotations, so a group
   * created over the API has none: the empty map, encoded.
   */
  Annotations: string;
}

/** A tag's value; undefined when the group has no such tag or it is empty. */
export function tag(tags: Tag[], key: string): string | undefined {
  const value = tags.find((t) => t.Key === key)?.Value;
  return value === undefined || value === '' ? undefined : value;
}

/** A stable RFC 4122-shaped UUID for a group that is not a pod (derived from its ID). */
function groupUuid(id: string): string {
  const h = digest('uuid', id);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function groupIdentity(g: SimGroup): GroupIdentity {
  return {
    Namespace: tag(g.tags, POD_TAGS.namespace) ?? 'default',
    uuid: tag(g.tags, POD_TAGS.uid) ?? groupUuid(g.id),
    Annotations: '{}',
  };
}
