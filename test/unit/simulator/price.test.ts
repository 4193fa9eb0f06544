import { PRICE_TABLE } from '../../../providers/simulator/pricing/price-table.js';
import { quote } from '../../../providers/simulator/pricing/quote.js';

const ZONES = ['cn-hangzhou-b', 'cn-hangzhou-c'];
const price = (q: Parameters<typeof quote>[0]) => quote(q, 'cn-hangzhou', ZONES);

test('the table is sourced and dated, and gives the reference example exactly', () => {
  expect(PRICE_TABLE.source).toMatch(/^https:\/\/help\.aliyun\.com\//);
  expect(PRICE_TABLE.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(price({ Cpu: 2, Memory: 4 }).Price.TradePrice).toBe(0.00012252);
});

test('one hourly spot price per zone, stable, 30-90% below pay-as-you-go', () => {
  const first = price({ Cpu: 4, Memory: 8, SpotStrategy: 'SpotAsPriceGo' });
  expect(first.SpotPrices.map((s) => s.ZoneId)).toEqual(ZONES);
  for (const s of first.SpotPrices) {
    expect(s.InstanceType).toBeUndefined();
    expect(s.SpotPrice / s.OriginPrice).toBeGreaterThanOrEqual(0.09);
    expect(s.SpotPrice / s.OriginPrice).toBeLessThanOrEqual(0.71);
  }
  expect(price({ Cpu: 4, Memory: 8, SpotStrategy: 'SpotAsPriceGo' })).toEqual(first);
});

test.each([
  [{ Memory: 4 }, /"Cpu"/],
  [{ Cpu: 2 }, /"Memory"/],
  [{ Cpu: 2, Memory: 3 }, /Cpu\/Memory: 2 vCPU \/ 3 GiB .* use Memory 1, 2, 4, 8, 16/],
  [{ InstanceType: 'ecs.c6.large,ecs.g6.large' }, /InstanceType: "ecs.c6.large,ecs.g6.large" is not one/],
  [{ Cpu: 2, Memory: 4, SpotStrategy: 'Cheap' }, /SpotStrategy: "Cheap" is not one of NoSpot/],
  [{ Cpu: 2, Memory: 4, SpotStrategy: 'SpotWithPriceLimit' }, /SpotPriceLimit: is required .* e\.g\. 0\.2/],
  [{ Cpu: 2, Memory: 4, ZoneId: 'cn-beijing-a' }, /ZoneId: "cn-beijing-a" .* cn-hangzhou-b, cn-hangzhou-c/],
] as const)('%j is refused naming the field, the value and the fix', (query, message) => {
  expect(() => price(query as Parameters<typeof quote>[0])).toThrow(message);
});
