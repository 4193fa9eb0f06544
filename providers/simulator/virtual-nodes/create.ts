import { isIP } from 'node:net';
import type { Tag } from '../../eci-api/index.js';
import type { SimContext } from '../context.js';
import { invalidParameter, missingParameter } from '../errors.js';
import { validateTags, vSwitchList } from '../validate.js';
import { checkKubeConfig, reachable } from './kubeconfig.js';
import { newVirtualNodeId, type NodeTaint, type SimVirtualNode } from './model.js';

/** What CreateVirtualNode takes, in wire names (the KubeConfig is checked, then dropped). */
export interface VirtualNodeInput {
  VirtualNodeName?: string;
  SecurityGroupId?: string;
  VSwitchId?: string;
  ZoneId?: string;
  EnablePublicNetwork?: boolean;
  EipInstanceId?: string;
  KubeConfig?: string;
  CustomResources?: string;
  ClusterDNS?: string;
  ClusterDomain?: string;
  TlsBootstrapEnabled?: boolean;
  ResourceGroupId?: string;
  Taint?: Partial<NodeTaint>[];
  Tag?: Tag[];
  ClientToken?: string;
}

/** The effects a Kubernetes taint can have (the Terraform provider checks the same three). */
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
/** CreateVirtualNodeRequest: "You can configure up to 20 taints". */
const MAX_TAINTS = 20;
/** The reference: 2-128 characters of lower-case letters, digits, '.' and '-'. */
const NODE_NAME = /^[a-z0-9.-]{2,128}$/;
/** A Kubernetes extended-resource name: a DNS name, optionally `/name` (example.com, nvidia.com/gpu). */
const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const DNS_DOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function checkName(name: string | undefined): void {
  if (name !== undefined && !NODE_NAME.test(name))
    throw invalidParameter(
      'VirtualNodeName',
      `"${name}" is not 2-128 characters of lower-case letters, digits, "." or "-" (e.g. vnode-1).`,
    );
}

/** `example1.com=100,example2.com=200`: each a resource name and a whole count >= 1. */
export function parseCustomResources(value: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of (value ?? '').split(',').filter((e) => e.trim() !== '')) {
    const [name, count, extra] = entry.split('=').map((s) => s.trim());
    if (extra !== undefined || !RESOURCE_NAME.test(name ?? '') || !/^[1-9]\d*$/.test(count ?? ''))
      throw invalidParameter(
        'CustomResources',
        `"${entry}" is not name=count: use e.g. example1.com=100,example2.com=200 (counts whole and >= 1).`,
      );
    out[name] = Number(count);
  }
  return out;
}

/** ClusterDNS: the DNS server addresses the node's pods use (comma-separated, the simulator's choice). */
export function checkClusterDns(value: string | undefined): void {
  for (const ip of (value ?? '').split(',').filter((s) => s !== '')) {
    if (isIP(ip.trim()) === 0)
      throw invalidParameter('ClusterDNS', `"${ip}" is not an IP address: give the cluster DNS service IP.`);
  }
}

export function checkClusterDomain(value: string | undefined): void {
  if (value !== undefined && !DNS_DOMAIN.test(value))
    throw invalidParameter('ClusterDomain', `"${value}" is not a DNS domain such as cluster.local.`);
}

function checkTaints(taints: Partial<NodeTaint>[]): NodeTaint[] {
  if (taints.length > MAX_TAINTS)
    throw invalidParameter(
      'Taint',
      `lists ${taints.length} taints; at most ${MAX_TAINTS} are allowed: drop ${taints.length - MAX_TAINTS}.`,
    );
  return taints.map((t, i) => {
    const at = `Taint.${i + 1}`;
    if (!t.Key) throw missingParameter(`${at}.Key`);
    if (!t.Effect || !TAINT_EFFECTS.includes(t.Effect))
      throw invalidParameter(
        `${at}.Effect`,
        `"${t.Effect ?? ''}" is not a taint effect: use ${TAINT_EFFECTS.join(', ')}.`,
      );
    return { Key: t.Key, Value: t.Value ?? '', Effect: t.Effect };
  });
}

function checkNetwork(ctx: SimContext, input: VirtualNodeInput): string[] {
  if (!input.SecurityGroupId) throw missingParameter('SecurityGroupId');
  if (!input.SecurityGroupId.startsWith('sg-'))
    throw invalidParameter(
      'SecurityGroupId',
      `"${input.SecurityGroupId}" is not a security group ID (sg-...).`,
    );
  if (!input.VSwitchId) throw missingParameter('VSwitchId');
  // One simulated VPC holds every vSwitch, so "1-10 vSwitches of one VPC" is the format check here.
  const vSwitchIds = vSwitchList(input.VSwitchId);
  if (input.ZoneId !== undefined && !ctx.topology.zones.includes(input.ZoneId))
    throw invalidParameter(
      'ZoneId',
      `"${input.ZoneId}" is not a zone of ${ctx.regionId}: use one of ${ctx.topology.zones.join(', ')}.`,
    );
  if (input.EipInstanceId !== undefined && !input.EipInstanceId.startsWith('eip-'))
    throw invalidParameter('EipInstanceId', `"${input.EipInstanceId}" is not an EIP ID (eip-...).`);
  return vSwitchIds;
}

/** Checks a create and makes the node (not yet kept: the caller starts it). */
export function newVirtualNode(ctx: SimContext, input: VirtualNodeInput): SimVirtualNode {
  const vSwitchIds = checkNetwork(ctx, input);
  checkName(input.VirtualNodeName);
  const customResources = parseCustomResources(input.CustomResources);
  checkClusterDns(input.ClusterDNS);
  checkClusterDomain(input.ClusterDomain);
  const taints = checkTaints(input.Taint ?? []);
  validateTags(input.Tag ?? []);
  const facts = input.KubeConfig === undefined ? undefined : checkKubeConfig(input.KubeConfig);
  const id = newVirtualNodeId();
  return {
    id,
    // No name given: the node is known by its ID (the simulator's choice).
    name: input.VirtualNodeName ?? id,
    status: 'Pending',
    zoneId: input.ZoneId ?? ctx.topology.zoneOf(vSwitchIds[0]),
    securityGroupId: input.SecurityGroupId ?? '',
    vSwitchIds,
    vpcId: ctx.topology.vpcId,
    intranetIp: '',
    publicNetwork: input.EnablePublicNetwork === true || input.EipInstanceId !== undefined,
    eipInstanceId: input.EipInstanceId,
    resourceGroupId: input.ResourceGroupId,
    tags: (input.Tag ?? []).map((t) => ({ Key: t.Key, Value: t.Value ?? '' })),
    taints,
    customResources,
    clusterDns: input.ClusterDNS,
    clusterDomain: input.ClusterDomain,
    tlsBootstrapEnabled: input.TlsBootstrapEnabled,
    apiServerReachable: reachable(facts),
    createdAt: ctx.now(),
    events: [],
    epoch: 0,
  };
}
