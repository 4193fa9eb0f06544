import type { ContainerGroupStatusName } from '../../../eci-api/index.js';
import { pageById } from '../paging.js';
import { optBoolean, optJsonStringList, optInteger, optString, optTags } from '../params.js';
import type { ActionHandler } from '../types.js';
import { invalidParameter } from '../errors.js';
import { eventSource, groupEventsToWire, statusRecordToWire } from '../wire.js';
import { checkRegion } from './common.js';

/** ECI's documented limits: 20 IDs per call; 20 groups per DescribeContainerGroups page, 200 per status page. */
const MAX_IDS = 20;

export const describeContainerGroups: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const limit = optInteger(p, 'Limit', { min: 1, max: 20 }) ?? 20;
  const vSwitchId = optString(p, 'VSwitchId');
  const withEvent = optBoolean(p, 'WithEvent') ?? true;
  const groups = await ctx.backend.describeContainerGroups({
    ContainerGroupIds: optJsonStringList(p, 'ContainerGroupIds', MAX_IDS),
    ContainerGroupName: optString(p, 'ContainerGroupName'),
    Status: optString(p, 'Status') as ContainerGroupStatusName | undefined,
    Tags: optTags(p),
    ZoneId: optString(p, 'ZoneId'),
  });
  const resourceGroupId = optString(p, 'ResourceGroupId');
  const securityGroupId = optString(p, 'SecurityGroupId');
  const matching = groups.filter(
    (g) =>
      (!vSwitchId || g.VSwitchId === vSwitchId) &&
      (!resourceGroupId || g.ResourceGroupId === resourceGroupId) &&
      (!securityGroupId || g.SecurityGroupId === securityGroupId),
  );
  const page = pageById(matching, (g) => g.ContainerGroupId, limit, optString(p, 'NextToken'));
  return {
    ContainerGroups: withEvent ? page.items : page.items.map((g) => ({ ...g, Events: [] })),
    TotalCount: page.totalCount,
    NextToken: page.nextToken,
  };
};

/**
 * The IDs of the groups in the zone, vSwitch and resource group asked for, or undefined when none
 * is: the status and events answers carry none of those, so the groups themselves are looked at.
 */
async function placedIn(p: Parameters<ActionHandler>[0], ctx: Parameters<ActionHandler>[1]) {
  const zoneId = optString(p, 'ZoneId');
  const vSwitchId = optString(p, 'VSwitchId');
  const resourceGroupId = optString(p, 'ResourceGroupId');
  if (zoneId === undefined && vSwitchId === undefined && resourceGroupId === undefined) return undefined;
  const groups = await ctx.backend.describeContainerGroups({ Tags: optTags(p), ZoneId: zoneId });
  return new Set(
    groups
      .filter(
        (g) =>
          (!vSwitchId || g.VSwitchId === vSwitchId) &&
          (!resourceGroupId || g.ResourceGroupId === resourceGroupId),
      )
      .map((g) => g.ContainerGroupId),
  );
}

export const describeContainerGroupStatus: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const limit = optInteger(p, 'Limit', { min: 1, max: 200 }) ?? 200;
  const placed = await placedIn(p, ctx);
  const records = (
    await ctx.backend.describeContainerGroupStatus({
      ContainerGroupIds: optJsonStringList(p, 'ContainerGroupIds', MAX_IDS),
      Tags: optTags(p),
      SinceSecond: optInteger(p, 'SinceSecond', { min: 0 }),
    })
  ).filter((r) => placed === undefined || placed.has(r.ContainerGroupId));
  const page = pageById(records, (r) => r.ContainerGroupId, limit, optString(p, 'NextToken'));
  return { Data: page.items.map(statusRecordToWire), TotalCount: page.totalCount, NextToken: page.nextToken };
};

const EVENT_SOURCES = ['EciService', 'K8sAgent'];

/**
 * The response model has no NextToken (only Data and TotalCount): a page of at most `Limit` groups,
 * TotalCount telling how many matched. `EventSource` keeps the events of one reporter.
 */
export const describeContainerGroupEvents: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const limit = optInteger(p, 'Limit', { min: 1, max: 200 }) ?? 200;
  const source = optString(p, 'EventSource');
  if (source !== undefined && !EVENT_SOURCES.includes(source)) {
    throw invalidParameter('EventSource', source, `use one of ${EVENT_SOURCES.join(', ')} or omit it`);
  }
  const placed = await placedIn(p, ctx);
  const groups = (
    await ctx.backend.describeContainerGroupEvents({
      ContainerGroupIds: optJsonStringList(p, 'ContainerGroupIds', MAX_IDS),
      Tags: optTags(p),
      SinceSecond: optInteger(p, 'SinceSecond', { min: 0 }),
    })
  ).filter((g) => placed === undefined || placed.has(g.ContainerGroupId));
  const page = pageById(groups, (g) => g.ContainerGroupId, limit, optString(p, 'NextToken'));
  return {
    Data: page.items.map((g) =>
      groupEventsToWire(
        g,
        g.Events.filter((e) => source === undefined || eventSource(e) === source),
      ),
    ),
    TotalCount: page.totalCount,
  };
};
