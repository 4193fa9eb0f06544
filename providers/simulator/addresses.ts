import type { CreateContainerGroupRequest } from '../eci-api/index.js';
import type { SimContext } from './context.js';
import { invalidParameter } from './errors.js';
import type { SimGroup } from './model.js';

/** An address a group must get, in the vSwitch that holds it. */
export interface GivenAddress {
  vSwitchId: string;
  ip: string;
  /** Kept for the group's name (FixedIp): already taken in its vSwitch. */
  kept: boolean;
}

/**
 * The address the request pins the group to, checked but not taken yet (DryRun takes nothing):
 * PrivateIpAddress, or else the fixed IP still kept for the group's name. The group then goes to
 * the vSwitch that holds it.
 */
export function givenAddress(
  ctx: SimContext,
  req: CreateContainerGroupRequest,
  vSwitchIds: string[],
): GivenAddress | undefined {
  ctx.topology.fixed.expire(ctx.now(), (k) => ctx.topology.releaseIp(k.vSwitchId, k.ip));
  const ip = req.PrivateIpAddress;
  if (ip) {
    const vSwitchId = vSwitchIds.find((id) => ctx.topology.holds(id, ip));
    if (vSwitchId === undefined) {
      const cidrs = vSwitchIds
        .map((id) => `${id} (${ctx.topology.describe(id)?.CidrBlock ?? '?'})`)
        .join(', ');
      throw invalidParameter(
        'PrivateIpAddress',
        `"${ip}" is in none of the vSwitches ${cidrs}: use an address of one of their CIDR blocks.`,
      );
    }
    if (ctx.topology.inUse(vSwitchId, ip)) {
      throw invalidParameter(
        'PrivateIpAddress',
        `"${ip}" is in use in vSwitch ${vSwitchId}: choose an idle address.`,
        'InvalidParameter.PrivateIpAddress.Duplicated',
      );
    }
    return { vSwitchId, ip, kept: false };
  }
  if (req.FixedIp !== 'true') return undefined;
  const kept = ctx.topology.fixed.peek(req.ContainerGroupName);
  return kept && vSwitchIds.includes(kept.vSwitchId) ? { ...kept, kept: true } : undefined;
}

/** The new group's address: the given one (now taken), or the next free one of its vSwitch. */
export function assignAddress(
  ctx: SimContext,
  req: CreateContainerGroupRequest,
  vSwitchId: string,
  given: GivenAddress | undefined,
): string {
  if (given?.kept) {
    ctx.topology.fixed.reuse(req.ContainerGroupName);
    return given.ip;
  }
  if (given) ctx.topology.claimIp(given.vSwitchId, given.ip);
  const ip = given?.ip ?? ctx.topology.allocateIp(vSwitchId);
  if (req.FixedIp === 'true')
    ctx.topology.fixed.keep(req.ContainerGroupName, vSwitchId, ip, req.FixedIpRetainHour);
  return ip;
}

/** A group is gone: its address goes back to the vSwitch, unless it is a fixed IP still kept. */
export function releaseAddress(ctx: SimContext, g: SimGroup): void {
  const release = (k: { vSwitchId: string; ip: string }): void => ctx.topology.releaseIp(k.vSwitchId, k.ip);
  if (g.request.FixedIp === 'true' && ctx.topology.fixed.idle(g.name, g.ip, ctx.now(), release)) return;
  ctx.topology.releaseIp(g.vSwitchId, g.ip);
}
