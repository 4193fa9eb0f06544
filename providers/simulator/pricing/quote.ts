import type { PriceDetail, PriceInfo, PriceQuery, SpotPrice } from '../../eci-api/index.js';
import { isSellableSpec, SUPPORTED_SPECS } from '../../eci-api/index.js';
import { invalidParameter, missingParameter, oneOf } from '../errors.js';
import { hash32 } from '../random.js';
import { INSTANCE_TYPE_PATTERN, instanceTypeSize } from '../spec.js';
import { PRICE_TABLE } from './price-table.js';

const SPOT_STRATEGIES = ['NoSpot', 'SpotWithPriceLimit', 'SpotAsPriceGo'];

/** ECI answers per-second prices to 8 decimals (0.00012252) and hourly spot prices to 3 (0.056). */
const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function detail(resource: string, perSecond: number): PriceDetail {
  const price = round(perSecond, 8);
  return { Resource: resource, OriginalPrice: price, DiscountPrice: 0, TradePrice: price };
}

function specDetails(query: PriceQuery, regionId: string): PriceDetail[] {
  if (query.Cpu === undefined) throw missingParameter('Cpu');
  if (query.Memory === undefined) throw missingParameter('Memory');
  const spot = query.SpotStrategy !== undefined && query.SpotStrategy !== 'NoSpot';
  if (!isSellableSpec(query.Cpu, query.Memory, regionId, spot)) {
    const mems = SUPPORTED_SPECS.get(query.Cpu);
    throw invalidParameter(
      'Cpu/Memory',
      `${query.Cpu} vCPU / ${query.Memory} GiB is not a spec ECI sells; ` +
        (mems
          ? `with ${query.Cpu} vCPU use Memory ${mems.join(', ')}.`
          : `use Cpu ${[...SUPPORTED_SPECS.keys()].join(', ')}.`),
    );
  }
  return [
    detail('cpu', query.Cpu * PRICE_TABLE.vCpuPerSecond),
    detail('memory', query.Memory * PRICE_TABLE.memoryGiBPerSecond),
  ];
}

/**
 * Illustrative (see price-table.ts): an ARM type at its family's `large` price per 2 vCPUs; any
 * other type its vCPUs and GiB at ECI's rates, times a fitted factor.
 */
function instanceTypeDetails(type: string): PriceDetail[] {
  if (!INSTANCE_TYPE_PATTERN.test(type)) {
    throw invalidParameter(
      'InstanceType',
      `"${type}" is not one ECS instance type such as ecs.c6.large (price one type per call).`,
    );
  }
  const { cpu, memory } = instanceTypeSize(type);
  const armLarge = PRICE_TABLE.illustrative.armLargeHourly[type.split('.').slice(0, 2).join('.')];
  if (armLarge !== undefined) return [detail(type, (armLarge * (cpu / 2)) / 3600)];
  const perSecond = cpu * PRICE_TABLE.vCpuPerSecond + memory * PRICE_TABLE.memoryGiBPerSecond;
  return [detail(type, perSecond * PRICE_TABLE.illustrative.instanceTypeFactor)];
}

/** Illustrative: a discount within the documented 30-90%, stable per zone and spec. */
function spotPrice(zoneId: string, query: PriceQuery, hourly: number): SpotPrice {
  const { min, max } = PRICE_TABLE.illustrative.spotDiscount;
  const spec = query.InstanceType ?? `${query.Cpu}-${query.Memory}Gi`;
  const discount = min + ((max - min) * (hash32(`${zoneId}/${spec}`) % 1000)) / 999;
  return {
    ZoneId: zoneId,
    ...(query.InstanceType ? { InstanceType: query.InstanceType } : {}),
    SpotPrice: Math.max(0.001, round(hourly * (1 - discount), 3)),
    OriginPrice: round(hourly, 3),
  };
}

function checkSpot(query: PriceQuery, zones: readonly string[]): void {
  oneOf('SpotStrategy', query.SpotStrategy, SPOT_STRATEGIES);
  if (query.SpotStrategy === 'SpotWithPriceLimit' && !(Number(query.SpotPriceLimit) > 0)) {
    throw invalidParameter(
      'SpotPriceLimit',
      'is required with SpotStrategy SpotWithPriceLimit: set the hourly price limit, e.g. 0.2.',
    );
  }
  if (query.ZoneId !== undefined && !zones.includes(query.ZoneId)) {
    throw invalidParameter(
      'ZoneId',
      `"${query.ZoneId}" is not a zone of this region: use one of ${zones.join(', ')}.`,
    );
  }
}

/**
 * DescribeContainerGroupPrice: pay-as-you-go per second for Cpu/Memory (or an instance type, which
 * wins, as the reference says), and with a spot strategy each zone's hourly spot price.
 * EphemeralStorage is accepted and not priced: no public price for it was found.
 */
export function quote(query: PriceQuery, regionId: string, zones: readonly string[]): PriceInfo {
  checkSpot(query, zones);
  const details = query.InstanceType ? instanceTypeDetails(query.InstanceType) : specDetails(query, regionId);
  const perSecond = details.reduce((sum, d) => sum + d.TradePrice, 0);
  const price = round(perSecond, 8);
  const spot = query.SpotStrategy === 'SpotAsPriceGo' || query.SpotStrategy === 'SpotWithPriceLimit';
  return {
    Price: {
      Currency: PRICE_TABLE.currency,
      OriginalPrice: price,
      DiscountPrice: 0,
      TradePrice: price,
      DetailInfos: details,
    },
    SpotPrices: spot
      ? (query.ZoneId ? [query.ZoneId] : zones).map((z) => spotPrice(z, query, price * 3600))
      : [],
  };
}
