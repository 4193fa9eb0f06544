import { ManualClock } from '../../../providers/clock.js';
import type { PriceInfo, PriceQuery } from '../../../providers/eci-api/index.js';
import { PriceBook } from '../../../src/cost/price-book.js';
import { formatHourly, hourlyPrice, priceKeyOf } from '../../../src/cost/price-key.js';

const info = (perSecond: number, spot: number[] = []): PriceInfo => ({
  Price: {
    Currency: 'CNY',
    OriginalPrice: perSecond,
    DiscountPrice: 0,
    TradePrice: perSecond,
    DetailInfos: [],
  },
  SpotPrices: spot.map((s, i) => ({ ZoneId: `z${i}`, SpotPrice: s, OriginPrice: perSecond * 3600 })),
});

describe('priceKeyOf', () => {
  test.each([
    [{ Cpu: 2, Memory: 4 }, '2-4Gi/NoSpot/', { Cpu: 2, Memory: 4 }],
    [
      { Cpu: 2, Memory: 4, InstanceType: 'ecs.c6.large,ecs.g6.large' },
      'ecs.c6.large/NoSpot/',
      { InstanceType: 'ecs.c6.large' },
    ],
    [
      { Cpu: 1, Memory: 2, SpotStrategy: 'SpotAsPriceGo' },
      '1-2Gi/SpotAsPriceGo/',
      { Cpu: 1, Memory: 2, SpotStrategy: 'SpotAsPriceGo' },
    ],
    [
      { Cpu: 1, Memory: 2, SpotStrategy: 'SpotWithPriceLimit', SpotPriceLimit: 0.05 },
      '1-2Gi/SpotWithPriceLimit/0.05',
      { Cpu: 1, Memory: 2, SpotStrategy: 'SpotWithPriceLimit', SpotPriceLimit: 0.05 },
    ],
    [
      { Cpu: 1, Memory: 2, SpotStrategy: 'NoSpot', SpotPriceLimit: 9 },
      '1-2Gi/NoSpot/',
      { Cpu: 1, Memory: 2 },
    ],
  ])('%j → %s', (request, key, query) => {
    expect(priceKeyOf(request)).toEqual({ key, query });
  });

  test('a group without a size has no price key', () => {
    expect(priceKeyOf({ Cpu: 2 })).toBeUndefined();
  });
});

describe('hourlyPrice', () => {
  test('pay-as-you-go: the per-second trade price for an hour', () => {
    const price = hourlyPrice(info(0.00012252), { Cpu: 2, Memory: 4 });
    expect(formatHourly(price)).toBe('0.4411 CNY');
  });

  test('spot: the highest zone price, capped by the price limit', () => {
    expect(hourlyPrice(info(0.0001, [0.05, 0.08]), { SpotStrategy: 'SpotAsPriceGo' }).amount).toBe(0.08);
    const capped = { SpotStrategy: 'SpotWithPriceLimit', SpotPriceLimit: 0.06 } as const;
    expect(hourlyPrice(info(0.0001, [0.05, 0.08]), capped).amount).toBe(0.06);
    expect(hourlyPrice(info(0.0001), { SpotStrategy: 'SpotAsPriceGo' }).amount).toBeCloseTo(0.36);
  });
});

describe('PriceBook', () => {
  const key = priceKeyOf({ Cpu: 2, Memory: 4 })!;

  test('one call per spec, however many ask at once or later', async () => {
    const calls: PriceQuery[] = [];
    const book = new PriceBook(async (q) => (calls.push(q), info(0.0001)), new ManualClock());
    expect(book.known(key)).toBeUndefined();
    const prices = await Promise.all([book.lookup(key), book.lookup(key), book.lookup(key)]);
    expect(prices.map((p) => p?.amount.toFixed(2))).toEqual(['0.36', '0.36', '0.36']);
    expect(book.known(key)?.amount).toBeCloseTo(0.36);
    expect(calls).toEqual([{ Cpu: 2, Memory: 4 }]);
  });

  test('a failed lookup is reported once and retried only after retryMs', async () => {
    const clock = new ManualClock();
    const errors: string[] = [];
    let fail = true;
    let calls = 0;
    const describe = async () => {
      calls++;
      if (fail) throw new Error('eci:DescribeContainerGroupPrice denied');
      return info(0.0001);
    };
    const book = new PriceBook(describe, clock, (k) => errors.push(k), 60_000);
    expect(await book.lookup(key)).toBeUndefined();
    expect(await book.lookup(key)).toBeUndefined();
    expect([calls, errors]).toEqual([1, ['2-4Gi/NoSpot/']]);
    fail = false;
    clock.advance(60_000);
    expect((await book.lookup(key))?.amount).toBeCloseTo(0.36);
    expect(calls).toBe(2);
  });
});
