import { isBackendError } from '../../../providers/backend.js';
import type { ContractHarness } from './contract.js';

/**
 * DescribeContainerGroupPrice as the controller's cost view relies on it, from either backend:
 * a per-second pay-as-you-go price with its currency, hourly spot prices for a spot strategy, and
 * a spec ECI does not sell refused as InvalidParameter naming the field.
 */
export function runPriceContract(name: string, makeHarness: () => Promise<ContractHarness>): void {
  describe(`Backend contract, prices: ${name}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(() => h.close());

    test('2 vCPU / 4 GiB: the documented example, cpu + memory per second in CNY', async () => {
      const info = await h.backend.describeContainerGroupPrice({ Cpu: 2, Memory: 4 });
      expect(info.Price).toMatchObject({ Currency: 'CNY', TradePrice: 0.00012252, DiscountPrice: 0 });
      expect(info.Price.DetailInfos.map((d) => [d.Resource, d.TradePrice])).toEqual([
        ['cpu', 0.000098],
        ['memory', 0.00002452],
      ]);
      expect(info.SpotPrices).toEqual([]);
    });

    test('an instance type is priced on its own; spot adds one hourly price per zone', async () => {
      const info = await h.backend.describeContainerGroupPrice({
        InstanceType: 'ecs.c6.large',
        SpotStrategy: 'SpotAsPriceGo',
        ZoneId: 'cn-hangzhou-b',
      });
      expect(info.Price.DetailInfos.map((d) => d.Resource)).toEqual(['ecs.c6.large']);
      expect(info.SpotPrices).toHaveLength(1);
      const [spot] = info.SpotPrices;
      expect(spot).toMatchObject({ ZoneId: 'cn-hangzhou-b', InstanceType: 'ecs.c6.large' });
      expect(spot.SpotPrice).toBeLessThan(spot.OriginPrice);
      expect(spot.OriginPrice).toBeCloseTo(info.Price.TradePrice * 3600, 3);
    });

    test('a spec ECI does not sell is InvalidParameter naming Cpu/Memory', async () => {
      const err = await h.backend.describeContainerGroupPrice({ Cpu: 3, Memory: 5 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isBackendError(err, 'InvalidParameter')).toBe(true);
      expect(String((err as Error).message)).toMatch(/Cpu\/Memory.*3 vCPU \/ 5 GiB/);
    });
  });
}
