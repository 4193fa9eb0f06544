import type * as k8s from '@kubernetes/client-node';
import { isNotFound, reviverFor, type KubeRest } from '../kube/index.js';
import { ARM_NODE_SUFFIX } from './zones.js';

/** Marks zone nodes (ECI_VSWITCH zones, no VKUBELET_NODE_NAME) with the cluster they serve. */
export const ZONE_NODE_LABEL = 'ack-virtual-node.alibabacloud.com/zone-node';

/** Put on the node of a zone that left the configuration: no new pod lands there. */
export const RETIRED_TAINT = {
  key: 'ack-virtual-node.alibabacloud.com/zone-removed',
  value: 'true',
  effect: 'NoSchedule',
} as const;

const reviveNode = reviverFor<k8s.V1Node>('V1Node');
const nodePath = (name: string): string => `/api/v1/nodes/${encodeURIComponent(name)}`;

/**
 * Set on a node this controller cordoned: uncordoning clears `unschedulable` only then, so a cordon
 * an administrator set (kubectl cordon/drain) outlives the zone leaving and coming back.
 */
export const CORDONED_BY_ANNOTATION = 'ack-virtual-node.alibabacloud.com/cordoned-for-zone-removal';

/**
 * Cordons (unschedulable and the zone-removed taint) or uncordons a node. Only our taint is added or
 * removed; the resourceVersion makes a concurrent change fail (Conflict) rather than be lost.
 */
export async function setRetired(api: KubeRest, name: string, retired: boolean): Promise<void> {
  let node: k8s.V1Node;
  try {
    node = reviveNode(await api.json('GET', nodePath(name)));
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  const taints = node.spec?.taints ?? [];
  const ours = taints.some((t) => t.key === RETIRED_TAINT.key);
  if (ours === retired) return;
  const others = taints.filter((t) => t.key !== RETIRED_TAINT.key);
  const cordonedAlready = node.spec?.unschedulable === true;
  const cordonedByUs = node.metadata?.annotations?.[CORDONED_BY_ANNOTATION] === 'true';
  const [spec, annotations] = retired
    ? [
        { unschedulable: true, taints: [...others, { ...RETIRED_TAINT }] },
        cordonedAlready ? undefined : { [CORDONED_BY_ANNOTATION]: 'true' },
      ]
    : [
        { ...(cordonedByUs ? { unschedulable: null } : {}), taints: others },
        { [CORDONED_BY_ANNOTATION]: null },
      ];
  await api.json('PATCH', nodePath(name), {
    body: { metadata: { resourceVersion: node.metadata?.resourceVersion, annotations }, spec },
    contentType: 'application/merge-patch+json',
  });
}

/** Deletes the node; its kube-node-lease Lease goes with it (owner reference). */
export async function deleteNode(api: KubeRest, name: string): Promise<void> {
  await api.json('DELETE', nodePath(name)).catch((err: unknown) => {
    if (!isNotFound(err)) throw err;
  });
}

/** A registered node the configuration may no longer plan: retired unless planned. */
export interface RegisteredNode {
  name: string;
  zone: string;
  arch?: 'arm64';
}

function registeredNode(n: k8s.V1Node): RegisteredNode {
  const labels = n.metadata?.labels ?? {};
  return {
    name: n.metadata?.name ?? '',
    zone: labels['topology.kubernetes.io/zone'] ?? '',
    ...(labels['kubernetes.io/arch'] === 'arm64' ? { arch: 'arm64' as const } : {}),
  };
}

/**
 * The ARM twin of the one named node (VKUBELET_NODE_NAME), if registered: named nodes carry no zone
 * label to list them by, and a twin left while the controller was down (enableLinuxArm64Node turned
 * off meanwhile) must still be retired.
 */
export async function namedArmTwinOf(api: KubeRest, nodeName: string): Promise<RegisteredNode[]> {
  try {
    const twin = registeredNode(reviveNode(await api.json('GET', nodePath(`${nodeName}${ARM_NODE_SUFFIX}`))));
    return twin.arch === 'arm64' ? [twin] : [];
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

/** The zone nodes registered for this cluster (name and zone label), whatever the configuration says now. */
export async function zoneNodesOf(api: KubeRest, clusterId: string): Promise<RegisteredNode[]> {
  const list = (await api.json('GET', '/api/v1/nodes', {
    query: { labelSelector: `${ZONE_NODE_LABEL}=${clusterId}` },
  })) as { items?: k8s.V1Node[] };
  return (list.items ?? []).map(registeredNode).filter((n) => n.name !== '');
}
