import { isBackendError, type VSwitch } from '../../../backend.js';
import { ApiError } from '../errors.js';
import { optBoolean, optInteger, optString } from '../params.js';
import type { ActionContext, ActionHandler } from '../types.js';
import type { WireObject } from '../unflatten.js';
import { checkRegion, settle, unsupported } from './common.js';

/** Filters no simulated vSwitch can match: they have no name, tags, resource group, route table or owner ID. */
const UNMATCHABLE = ['VSwitchName', 'ResourceGroupId', 'RouteTableId', 'VSwitchOwnerId', 'Tag'];

/** DescribeVSwitches filters by one ID: an ID that matches nothing is an empty list, not an error. */
async function byId(ctx: ActionContext, id: string): Promise<VSwitch[]> {
  try {
    return await ctx.backend.describeVSwitches([id]);
  } catch (err) {
    if (isBackendError(err, 'NotFound')) return [];
    throw err;
  }
}

async function listAll(ctx: ActionContext): Promise<readonly VSwitch[]> {
  if (!ctx.backend.listVSwitches) throw unsupported('DescribeVSwitches without VSwitchId');
  return settle(ctx.backend.listVSwitches());
}

function matches(v: VSwitch, p: WireObject): boolean {
  const vpcId = optString(p, 'VpcId');
  const zoneId = optString(p, 'ZoneId');
  return (
    (vpcId === undefined || v.VpcId === vpcId) &&
    (zoneId === undefined || v.ZoneId === zoneId) &&
    optBoolean(p, 'IsDefault') !== true &&
    UNMATCHABLE.every((name) => p[name] === undefined || p[name] === '')
  );
}

/**
 * VPC DescribeVSwitches (2016-04-28), answered in the wire names of the SDK's response model: the
 * vSwitches of the region, filtered, paged by PageNumber/PageSize (default 10, at most 50).
 */
export const describeVSwitches: ActionHandler = async (p, ctx) => {
  // VPC wants RegionId or VpcId; a RegionId given must be the region served.
  if (optString(p, 'RegionId') !== undefined || optString(p, 'VpcId') === undefined) checkRegion(p, ctx);
  if (optBoolean(p, 'DryRun') === true)
    throw new ApiError(400, 'DryRunOperation', 'Request validation has been passed with DryRun flag set.');
  const pageNumber = optInteger(p, 'PageNumber', { min: 1 }) ?? 1;
  const pageSize = optInteger(p, 'PageSize', { min: 1, max: 50 }) ?? 10;
  const id = optString(p, 'VSwitchId');
  const found = (id !== undefined ? await byId(ctx, id) : await listAll(ctx)).filter((v) => matches(v, p));
  const page = found.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    TotalCount: found.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    VSwitches: { VSwitch: page.map((v) => ({ ...v, IsDefault: false })) },
  };
};
