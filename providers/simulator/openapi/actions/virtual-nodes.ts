import { rfc3339 } from '../../clock.js';
import { publicIp } from '../../container-group.js';
import type { NodeTaint, SimVirtualNode } from '../../virtual-nodes/model.js';
import { VIRTUAL_NODE_STATUSES } from '../../virtual-nodes/model.js';
import { invalidParameter } from '../errors.js';
import { pageById } from '../paging.js';
import {
  optBoolean,
  optClientToken,
  optJsonStringList,
  optInteger,
  optOneOf,
  optString,
  optTags,
  reqString,
} from '../params.js';
import type { ActionContext, ActionHandler, VirtualNodeControls } from '../types.js';
import type { WireObject } from '../unflatten.js';
import { eventsToWire } from './cache-wire.js';
import { checkRegion, isWireObject, unsupported } from './common.js';

function nodes(ctx: ActionContext, action: string): VirtualNodeControls {
  if (!ctx.backend.virtualNodes) throw unsupported(action);
  return ctx.backend.virtualNodes;
}

/** `Taint.N.Key`, `Taint.N.Value`, `Taint.N.Effect`. */
function optTaints(p: WireObject): Partial<NodeTaint>[] | undefined {
  const v = p.Taint;
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw invalidParameter('Taint', v, 'expected Taint.1.Key, Taint.1.Effect');
  return v.map((t, i) => {
    const at = `Taint.${i + 1}`;
    if (!isWireObject(t)) throw invalidParameter(at, t, `expected ${at}.Key and ${at}.Effect`);
    return { Key: optString(t, 'Key'), Value: optString(t, 'Value'), Effect: optString(t, 'Effect') };
  });
}

/** A node in the wire names of the SDK's DescribeVirtualNodesResponseBodyVirtualNodes. */
function nodeToWire(n: SimVirtualNode, regionId: string): Record<string, unknown> {
  return {
    VirtualNodeId: n.id,
    VirtualNodeName: n.name,
    Status: n.status,
    RegionId: regionId,
    VpcId: n.vpcId,
    VirtualNodeVSwitchId: n.vSwitchIds.join(','),
    VirtualNodeSecurityGroupId: n.securityGroupId,
    IntranetIp: n.intranetIp,
    ...(n.publicNetwork ? { InternetIp: publicIp(n.id) } : {}),
    CreationTime: rfc3339(n.createdAt),
    ...(n.resourceGroupId ? { ResourceGroupId: n.resourceGroupId } : {}),
    Tags: n.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    Events: eventsToWire(n.events),
  };
}

export const createVirtualNode: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  return nodes(ctx, 'CreateVirtualNode').create({
    VirtualNodeName: optString(p, 'VirtualNodeName'),
    SecurityGroupId: optString(p, 'SecurityGroupId'),
    VSwitchId: optString(p, 'VSwitchId'),
    ZoneId: optString(p, 'ZoneId'),
    EnablePublicNetwork: optBoolean(p, 'EnablePublicNetwork'),
    EipInstanceId: optString(p, 'EipInstanceId'),
    KubeConfig: optString(p, 'KubeConfig'),
    CustomResources: optString(p, 'CustomResources'),
    ClusterDNS: optString(p, 'ClusterDNS'),
    ClusterDomain: optString(p, 'ClusterDomain'),
    TlsBootstrapEnabled: optBoolean(p, 'TlsBootstrapEnabled'),
    ResourceGroupId: optString(p, 'ResourceGroupId'),
    Taint: optTaints(p),
    Tag: optTags(p),
    ClientToken: optClientToken(p),
  });
};

export const describeVirtualNodes: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  optClientToken(p);
  // The reference: Limit defaults to 20, which is also its maximum; at most 20 IDs.
  const limit = optInteger(p, 'Limit', { min: 1, max: 20 }) ?? 20;
  const found = await nodes(ctx, 'DescribeVirtualNodes').describe({
    VirtualNodeIds: optJsonStringList(p, 'VirtualNodeIds', 20),
    VirtualNodeName: optString(p, 'VirtualNodeName'),
    Status: optOneOf(p, 'Status', VIRTUAL_NODE_STATUSES),
    ResourceGroupId: optString(p, 'ResourceGroupId'),
    Tags: optTags(p),
  });
  const page = pageById(found, (n) => n.id, limit, optString(p, 'NextToken'));
  return {
    VirtualNodes: page.items.map((n) => nodeToWire(n, ctx.regionId)),
    TotalCount: page.totalCount,
    NextToken: page.nextToken,
  };
};

export const updateVirtualNode: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  optClientToken(p);
  await nodes(ctx, 'UpdateVirtualNode').update({
    VirtualNodeId: reqString(p, 'VirtualNodeId'),
    VirtualNodeName: optString(p, 'VirtualNodeName'),
    CustomResources: optString(p, 'CustomResources'),
    ClusterDNS: optString(p, 'ClusterDNS'),
    ClusterDomain: optString(p, 'ClusterDomain'),
    Tag: optTags(p),
  });
  return {};
};

export const deleteVirtualNode: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  optClientToken(p);
  await nodes(ctx, 'DeleteVirtualNode').delete(reqString(p, 'VirtualNodeId'));
  return {};
};
