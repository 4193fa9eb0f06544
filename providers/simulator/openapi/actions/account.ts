import type { AvailableZone } from '../../available.js';
import { optNumber, optString } from '../params.js';
import type { ActionHandler } from '../types.js';
import { checkRegion, isWireObject, unsupported } from './common.js';
import type { WireObject } from '../unflatten.js';

function section(p: WireObject, name: string): WireObject {
  const v = p[name];
  return isWireObject(v) ? v : {};
}

/**
 * The wire shape of the SDK's response model: each list inside a one-key wrapper object
 * (`AvailableZones.AvailableZone[].AvailableResources.AvailableResource[].SupportedResources
 * .SupportedResource[]`), as Alibaba's XML-derived JSON spells lists. SDK 2.0.3 names the zone
 * class `...AvailableZonesAvailableZone` (the wrapper and the item run together); the wire names
 * it declares are followed exactly.
 */
function zoneToWire(z: AvailableZone): Record<string, unknown> {
  return {
    RegionId: z.RegionId,
    ZoneId: z.ZoneId,
    AvailableResources: {
      AvailableResource: [
        { Type: z.Type, SupportedResources: { SupportedResource: z.Supported.map((s) => ({ ...s })) } },
      ],
    },
  };
}

export const describeAvailableResource: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  if (!ctx.backend.account) throw unsupported('DescribeAvailableResource');
  const destination = section(p, 'DestinationResource');
  const spot = section(p, 'SpotResource');
  const zones = await ctx.backend.account.describeAvailableResource({
    Category: optString(destination, 'Category'),
    Value: optString(destination, 'Value'),
    Cores: optNumber(destination, 'Cores', { min: 0 }),
    Memory: optNumber(destination, 'Memory', { min: 0 }),
    ZoneId: optString(p, 'ZoneId'),
    SpotStrategy: optString(spot, 'SpotStrategy'),
  });
  return { AvailableZones: { AvailableZone: zones.map(zoneToWire) } };
};

/** Attributes is a free-form map in the SDK model; its documented keys are all numbers. */
export const listUsage: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  if (!ctx.backend.account) throw unsupported('ListUsage');
  return { Attributes: { ...(await ctx.backend.account.listUsage()) } };
};
