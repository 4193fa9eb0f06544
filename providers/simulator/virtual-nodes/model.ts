import { BackendError } from '../../backend.js';
import type { EciEvent, Tag } from '../../eci-api/index.js';
import { newContainerGroupId } from '../random.js';

/**
 * The statuses DescribeVirtualNodes documents (Pending, Ready, Failed; the SDK's model comments),
 * plus Cleaned, which the Terraform provider lists and the simulator never reaches: a deleted
 * node is gone from the listing at once, as Terraform's destroy check expects.
 */
export const VIRTUAL_NODE_STATUSES = ['Pending', 'Ready', 'Failed', 'Cleaned'] as const;
export type VirtualNodeStatus = (typeof VIRTUAL_NODE_STATUSES)[number];

/** A Kubernetes taint the node would carry (Taint.N). */
export interface NodeTaint {
  Key: string;
  Value: string;
  Effect: string;
}

/**
 * A VNode: ECI's resident instance that would register itself as a node of the user's cluster.
 * The KubeConfig is never kept (it holds credentials): only whether its API server can be reached.
 */
export interface SimVirtualNode {
  id: string;
  name: string;
  status: VirtualNodeStatus;
  zoneId: string;
  securityGroupId: string;
  /** 1-10 vSwitches of one VPC, as given; the first holds the node's own address. */
  vSwitchIds: string[];
  vpcId: string;
  intranetIp: string;
  /** With EnablePublicNetwork or an EipInstanceId. */
  publicNetwork: boolean;
  eipInstanceId?: string;
  resourceGroupId?: string;
  tags: Tag[];
  taints: NodeTaint[];
  /** Extended resources the node advertises (CustomResources), by name. */
  customResources: Record<string, number>;
  clusterDns?: string;
  clusterDomain?: string;
  tlsBootstrapEnabled?: boolean;
  /** False when the KubeConfig's API server names `invalid` or `nonexistent`: the node fails. */
  apiServerReachable: boolean;
  createdAt: number;
  events: EciEvent[];
  /** Bumped on a restart of a step; jobs of an older epoch are ignored. */
  epoch: number;
}

/** `vnd-` + 20 characters, like real virtual node IDs (vnd-2ze960zkdqrldeaw****). */
export function newVirtualNodeId(): string {
  return `vnd-${newContainerGroupId().slice('eci-'.length)}`;
}

/** The simulator's code (no published table names one): the data caches' pattern. */
export function virtualNodeNotFound(id: string): BackendError {
  return new BackendError(
    'NotFound',
    'VirtualNode.NotFound',
    `VirtualNodeId: "${id}" does not exist (never created, or deleted): list nodes with DescribeVirtualNodes.`,
  );
}

/** IncorrectStatus is in the error tables of the virtual-node pages (400). */
export function incorrectStatus(node: SimVirtualNode, action: string, allowed: string): BackendError {
  return new BackendError(
    'InvalidParameter',
    'IncorrectStatus',
    `VirtualNodeId: ${node.id} is ${node.status}; ${action} needs it ${allowed}: ` +
      'wait until DescribeVirtualNodes shows it Ready, or delete it and create another.',
  );
}
