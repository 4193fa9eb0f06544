import * as eciSdk from '@alicloud/eci20180808';
import type { PriceDetail, PriceInfo, PriceQuery, SpotPrice } from '../eci-api/index.js';
import type { EciCaller } from './caller.js';
import { list, nonEmpty, obj } from './wire.js';

/**
 * DescribeContainerGroupPrice through the official SDK, read from the raw JSON as the rest of the
 * backend is (wire.ts says why). The wire wraps lists in one-key objects (`DetailInfos.DetailInfo`,
 * `SpotPrices.SpotPrice`); the result has plain arrays.
 */

function num(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : 0;
}

function toDetail(raw: unknown): PriceDetail {
  const d = obj(raw);
  return {
    Resource: nonEmpty(d.Resource) ?? '',
    OriginalPrice: num(d.OriginalPrice),
    DiscountPrice: num(d.DiscountPrice),
    TradePrice: num(d.TradePrice),
  };
}

function toSpotPrice(raw: unknown): SpotPrice {
  const s = obj(raw);
  const type = nonEmpty(s.InstanceType);
  return {
    ZoneId: nonEmpty(s.ZoneId) ?? '',
    ...(type ? { InstanceType: type } : {}),
    SpotPrice: num(s.SpotPrice),
    OriginPrice: num(s.OriginPrice),
  };
}

export function toPriceInfo(raw: unknown): PriceInfo {
  const info = obj(raw);
  const price = obj(info.Price);
  return {
    Price: {
      Currency: nonEmpty(price.Currency) ?? '',
      OriginalPrice: num(price.OriginalPrice),
      DiscountPrice: num(price.DiscountPrice),
      TradePrice: num(price.TradePrice),
      DetailInfos: list(obj(price.DetailInfos).DetailInfo).map(toDetail),
    },
    SpotPrices: list(obj(info.SpotPrices).SpotPrice).map(toSpotPrice),
  };
}

export async function describeContainerGroupPrice(
  caller: EciCaller,
  regionId: string,
  query: PriceQuery,
): Promise<PriceInfo> {
  const body = await caller.call(
    {
      action: 'DescribeContainerGroupPrice',
      model: eciSdk.DescribeContainerGroupPriceRequest,
      invoke: (c, r, rt) => c.describeContainerGroupPriceWithOptions(r, rt),
      idempotent: true,
    },
    { RegionId: regionId, ...query },
  );
  return toPriceInfo(body.PriceInfo);
}
