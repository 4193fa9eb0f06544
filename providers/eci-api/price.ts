/**
 * DescribeContainerGroupPrice as both backends hand it to the controller. Field names are the wire
 * names of the SDK's models; the wire's single-key wrappers (`DetailInfos.DetailInfo[]`,
 * `SpotPrices.SpotPrice[]`) are flattened to plain arrays here and restored on the wire.
 */

export type SpotStrategy = 'NoSpot' | 'SpotWithPriceLimit' | 'SpotAsPriceGo';

/** What to price: Cpu and Memory (GiB), or an ECS InstanceType (which wins when both are given). */
export interface PriceQuery {
  Cpu?: number;
  Memory?: number;
  InstanceType?: string;
  SpotStrategy?: SpotStrategy;
  /** Hourly, at most 3 decimal places; required with SpotWithPriceLimit. */
  SpotPriceLimit?: number;
  SpotDuration?: number;
  /** Only spot prices depend on the zone: without it every zone of the region is listed. */
  ZoneId?: string;
  EphemeralStorage?: number;
}

/** One priced resource (`cpu`, `memory`, or the instance type). Prices per second. */
export interface PriceDetail {
  Resource: string;
  OriginalPrice: number;
  DiscountPrice: number;
  TradePrice: number;
}

/** A spot market price in one zone. Prices per hour, as ECI gives them. */
export interface SpotPrice {
  ZoneId: string;
  /** Set when the query named an instance type. */
  InstanceType?: string;
  SpotPrice: number;
  OriginPrice: number;
}

/**
 * The price of a container group. `Price` is pay-as-you-go per second (TradePrice = OriginalPrice -
 * DiscountPrice); `SpotPrices` are per hour and present only for a spot strategy.
 */
export interface PriceInfo {
  Price: {
    /** `CNY` on the China site, `USD` on the international site. */
    Currency: string;
    OriginalPrice: number;
    DiscountPrice: number;
    TradePrice: number;
    DetailInfos: PriceDetail[];
  };
  SpotPrices: SpotPrice[];
}
