import type { Tag } from '../../eci-api/index.js';
import type { SimContext } from '../context.js';
import { hasTags } from '../store.js';
import type { RequestGate } from '../faults.js';
import { ClientTokens } from '../tokens.js';
import { validateTags } from '../validate.js';
import {
  checkClusterDns,
  checkClusterDomain,
  checkName,
  newVirtualNode,
  parseCustomResources,
  type VirtualNodeInput,
} from './create.js';
import { nodeEvent, removeVirtualNode, startVirtualNode } from './lifecycle.js';
import {
  incorrectStatus,
  virtualNodeNotFound,
  type SimVirtualNode,
  type VirtualNodeStatus,
} from './model.js';

/** What UpdateVirtualNode may change (the request model's fields). */
export interface VirtualNodeUpdate {
  VirtualNodeId: string;
  VirtualNodeName?: string;
  CustomResources?: string;
  ClusterDNS?: string;
  ClusterDomain?: string;
  Tag?: Tag[];
}

/** DescribeVirtualNodes filters (every one given must match). */
export interface VirtualNodeFilter {
  VirtualNodeIds?: string[];
  VirtualNodeName?: string;
  Status?: VirtualNodeStatus;
  ResourceGroupId?: string;
  Tags?: Tag[];
}

const TOKEN_MS = 24 * 3600_000;

function matches(n: SimVirtualNode, f: VirtualNodeFilter): boolean {
  return (
    (f.VirtualNodeIds === undefined || f.VirtualNodeIds.includes(n.id)) &&
    (f.VirtualNodeName === undefined || n.name === f.VirtualNodeName) &&
    (f.Status === undefined || n.status === f.Status) &&
    (f.ResourceGroupId === undefined || n.resourceGroupId === f.ResourceGroupId) &&
    hasTags(n, f.Tags)
  );
}

/**
 * CreateVirtualNode, DescribeVirtualNodes, UpdateVirtualNode, DeleteVirtualNode on the engine's
 * nodes. No node is registered in any cluster: the simulator keeps the resource and its lifecycle.
 */
export class SimVirtualNodes {
  private readonly tokens = new ClientTokens();

  constructor(
    private readonly ctx: SimContext,
    private readonly gate: RequestGate,
  ) {}

  /** ClientToken: a repeated request within a day answers the node the first one made. */
  create(input: VirtualNodeInput): Promise<{ VirtualNodeId: string }> {
    return this.gate.run('CreateVirtualNode', () => {
      const now = this.ctx.now();
      const token = input.ClientToken;
      const known = token ? this.ctx.virtualNodes.get(this.tokens.get(token, now) ?? '') : undefined;
      if (known) return { VirtualNodeId: known.id };
      const node = newVirtualNode(this.ctx, input);
      startVirtualNode(this.ctx, node);
      if (token) this.tokens.remember(token, node.id, now + this.ctx.lifetime(TOKEN_MS));
      return { VirtualNodeId: node.id };
    });
  }

  /** Copies, so a caller cannot change the engine's nodes. */
  describe(filter: VirtualNodeFilter = {}): Promise<SimVirtualNode[]> {
    return this.gate.run('DescribeVirtualNodes', () =>
      [...this.ctx.virtualNodes.values()].filter((n) => matches(n, filter)).map((n) => structuredClone(n)),
    );
  }

  /** Only a Ready node can be updated (the reference); the changes apply in place and it stays Ready. */
  update(input: VirtualNodeUpdate): Promise<void> {
    return this.gate.run('UpdateVirtualNode', () => {
      const node = this.get(input.VirtualNodeId);
      checkName(input.VirtualNodeName);
      const resources =
        input.CustomResources === undefined ? undefined : parseCustomResources(input.CustomResources);
      checkClusterDns(input.ClusterDNS);
      checkClusterDomain(input.ClusterDomain);
      if (input.Tag !== undefined) validateTags(input.Tag);
      if (node.status !== 'Ready') throw incorrectStatus(node, 'UpdateVirtualNode', 'Ready');
      if (input.VirtualNodeName !== undefined) node.name = input.VirtualNodeName;
      if (resources !== undefined) node.customResources = resources;
      if (input.ClusterDNS !== undefined) node.clusterDns = input.ClusterDNS;
      if (input.ClusterDomain !== undefined) node.clusterDomain = input.ClusterDomain;
      if (input.Tag !== undefined) node.tags = input.Tag.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
      nodeEvent(this.ctx, node, { Type: 'Normal', Reason: 'Updated', Message: 'Successfully' });
      this.ctx.dirty();
    });
  }

  /**
   * Deletes a node in any status (the simulator's choice). The reference asks that no ECI instance
   * runs on it; no group is ever placed on a simulated node, so there is nothing to check.
   */
  delete(virtualNodeId: string): Promise<void> {
    return this.gate.run('DeleteVirtualNode', () => removeVirtualNode(this.ctx, this.get(virtualNodeId)));
  }

  private get(id: string): SimVirtualNode {
    const node = this.ctx.virtualNodes.get(id);
    if (!node) throw virtualNodeNotFound(id);
    return node;
  }
}
