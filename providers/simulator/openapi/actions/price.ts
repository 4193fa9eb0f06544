import type { PriceInfo, SpotStrategy } from '../../../eci-api/index.js';
import { optInteger, optNumber, optString } from '../params.js';
import type { ActionHandler } from '../types.js';
import { checkRegion } from './common.js';

/** PriceInfo in the wire shape of the SDK's response model: lists inside one-key wrappers. */
function priceToWire(info: PriceInfo): Record<string, unknown> {
  const { DetailInfos, ...price } = info.Price;
  return {
    Price: { ...price, DetailInfos: { DetailInfo: DetailInfos.map((d) => ({ ...d })) } },
    ...(info.SpotPrices.length ? { SpotPrices: { SpotPrice: info.SpotPrices.map((s) => ({ ...s })) } } : {}),
  };
}

/**
 * DescribeContainerGroupPrice. The reference marks Cpu and Memory required; an InstanceType makes
 * them unnecessary (it "ignores" them), so they are only required without one.
 */
export const describeContainerGroupPrice: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const info = await ctx.backend.describeContainerGroupPrice({
    Cpu: optNumber(p, 'Cpu', { min: 0 }),
    Memory: optNumber(p, 'Memory', { min: 0 }),
    InstanceType: optString(p, 'InstanceType'),
    SpotStrategy: optString(p, 'SpotStrategy') as SpotStrategy | undefined,
    SpotPriceLimit: optNumber(p, 'SpotPriceLimit', { min: 0 }),
    SpotDuration: optInteger(p, 'SpotDuration', { min: 0 }),
    ZoneId: optString(p, 'ZoneId'),
    EphemeralStorage: optNumber(p, 'EphemeralStorage', { min: 0 }),
  });
  return { PriceInfo: priceToWire(info) };
};
