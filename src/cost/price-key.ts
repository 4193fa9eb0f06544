import type { PriceInfo, PriceQuery, SpotStrategy } from '../../providers/eci-api/index.js';

/**
 * What sets a group's price: its size (vCPU + memory, or an instance type) and its spot strategy.
 * A create request and a listed group both fit (the listing types SpotStrategy as any string).
 */
export interface SizedRequest {
  Cpu?: number;
  Memory?: number;
  InstanceType?: string;
  SpotStrategy?: string;
  SpotPriceLimit?: number;
}

const isSpot = (s: string | undefined): s is SpotStrategy =>
  s === 'SpotAsPriceGo' || s === 'SpotWithPriceLimit';

/** One distinct spec: `key` names it in the price cache, `query` asks DescribeContainerGroupPrice. */
export interface PriceKey {
  key: string;
  query: PriceQuery;
}

export interface HourlyPrice {
  amount: number;
  /** As DescribeContainerGroupPrice says it: CNY (China site) or USD (international site). */
  currency: string;
}

/**
 * The price key of a create request or a listed group; undefined when it has no size. An instance
 * type wins over vCPU/memory, as in DescribeContainerGroupPrice; of a comma list, the first counts.
 */
export function priceKeyOf(r: SizedRequest): PriceKey | undefined {
  const type = r.InstanceType?.split(',')[0]?.trim() || undefined;
  const size: PriceQuery | undefined = type
    ? { InstanceType: type }
    : r.Cpu !== undefined && r.Memory !== undefined
      ? { Cpu: r.Cpu, Memory: r.Memory }
      : undefined;
  if (size === undefined) return undefined;
  const spot = isSpot(r.SpotStrategy) ? r.SpotStrategy : undefined;
  const limit = spot === 'SpotWithPriceLimit' ? r.SpotPriceLimit : undefined;
  const query: PriceQuery = {
    ...size,
    ...(spot ? { SpotStrategy: spot } : {}),
    ...(limit !== undefined ? { SpotPriceLimit: limit } : {}),
  };
  const key = [type ?? `${r.Cpu}-${r.Memory}Gi`, spot ?? 'NoSpot', limit ?? ''].join('/');
  return { key, query };
}

/**
 * What a group of this spec costs an hour. Pay-as-you-go: the per-second trade price times 3600.
 * Spot: the highest spot price among the zones answered (the group may land in any of them), never
 * above the user's SpotPriceLimit: an upper bound, since the market price moves.
 */
export function hourlyPrice(info: PriceInfo, query: PriceQuery): HourlyPrice {
  let amount = info.Price.TradePrice * 3600;
  if (query.SpotStrategy !== undefined && info.SpotPrices.length > 0) {
    amount = Math.max(...info.SpotPrices.map((s) => s.SpotPrice));
    if (query.SpotPriceLimit !== undefined) amount = Math.min(amount, query.SpotPriceLimit);
  }
  return { amount, currency: info.Price.Currency };
}

/** The annotation's value, e.g. `0.4411 CNY`: the amount to 4 decimals, then the currency. */
export function formatHourly(price: HourlyPrice): string {
  return `${price.amount.toFixed(4)} ${price.currency}`;
}
