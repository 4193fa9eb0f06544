import { availableResources } from '../../../providers/simulator/available.js';
import { Stock } from '../../../providers/simulator/stock.js';
import { makeSimulator, request, shell } from './helpers.js';

const ZONES = ['cn-hangzhou-b', 'cn-hangzhou-c'];

function ask(stock: Stock, query: Parameters<typeof availableResources>[3]) {
  return availableResources(stock, 'cn-hangzhou', ZONES, query);
}

test('families per zone follow the stock CreateContainerGroup draws from', () => {
  const stock = new Stock();
  stock.set('cn-hangzhou-c', 0);
  const zones = ask(stock, { Category: 'InstanceTypeFamily', Value: 'ecs.c6' });
  expect(zones).toEqual([
    {
      RegionId: 'cn-hangzhou',
      ZoneId: 'cn-hangzhou-b',
      Type: 'InstanceTypeFamily',
      Supported: [{ Value: 'ecs.c6', StatusCategory: 'WithStock' }],
    },
    {
      RegionId: 'cn-hangzhou',
      ZoneId: 'cn-hangzhou-c',
      Type: 'InstanceTypeFamily',
      Supported: [{ Value: 'ecs.c6', StatusCategory: 'WithoutStock' }],
    },
  ]);
});

test('an instance type of its cores and memory, in one zone; a type out of stock says so', () => {
  const stock = new Stock();
  stock.set('cn-hangzhou-b', 0, 'ecs.c6.large');
  const type = { Category: 'InstanceType', Cores: 2, Memory: 4, ZoneId: 'cn-hangzhou-b' };
  expect(ask(stock, { ...type, Value: 'ecs.c6.large' })[0]?.Supported).toEqual([
    { Value: 'ecs.c6.large', StatusCategory: 'WithoutStock' },
  ]);
  expect(ask(stock, { ...type, Value: 'ecs.c7.large' })[0]?.Supported).toEqual([
    { Value: 'ecs.c7.large', StatusCategory: 'WithStock' },
  ]);
});

test('a zone with nothing matching is left out', () => {
  expect(ask(new Stock(), { Category: 'InstanceType', Value: 'ecs.c6.large', Cores: 4, Memory: 8 })).toEqual(
    [],
  );
});

test.each([
  [{}, /"DestinationResource.Category"/],
  [
    { Category: 'Zone' },
    /DestinationResource.Category: "Zone" is not one of InstanceTypeFamily, InstanceType/,
  ],
  [
    { Category: 'InstanceTypeFamily', SpotStrategy: 'SpotAsPriceGo' },
    /DestinationResource.Category: "InstanceTypeFamily" cannot be asked with SpotResource.SpotStrategy .* use InstanceType/,
  ],
  [
    { Category: 'InstanceType', Value: 'ecs.c6.large', Cores: 2, Memory: 4, ZoneId: 'cn-beijing-a' },
    /ZoneId: "cn-beijing-a" .* use one of cn-hangzhou-b/,
  ],
  // The SDK model: InstanceTypeFamily needs Value; InstanceType needs Value, Cores and Memory.
  [{ Category: 'InstanceTypeFamily' }, /"DestinationResource.Value"/],
  [{ Category: 'InstanceType', Cores: 2, Memory: 4 }, /"DestinationResource.Value"/],
  [{ Category: 'InstanceType', Value: 'ecs.c6.large', Memory: 4 }, /"DestinationResource.Cores"/],
  [{ Category: 'InstanceType', Value: 'ecs.c6.large', Cores: 2 }, /"DestinationResource.Memory"/],
])('%j is refused naming the field and the fix', (query, message) => {
  expect(() => ask(new Stock(), query)).toThrow(message);
});

describe('ListUsage', () => {
  it('counts the vCPUs of groups not yet ended and both kinds of image cache', async () => {
    const { sim, clock } = makeSimulator();
    await sim.createContainerGroup(request({ Cpu: 2, Memory: 4, ContainerGroupName: 'runs' }));
    await sim.createContainerGroup(
      request({
        Cpu: 1,
        Memory: 2,
        ContainerGroupName: 'ends',
        RestartPolicy: 'Never',
        AutoMatchImageCache: true,
        Container: [shell('true')],
      }),
    );
    await sim.imageCaches.create({
      ImageCacheName: 'by-hand',
      Image: ['nginx:1.27'],
      SecurityGroupId: 'sg-a',
      VSwitchId: 'vsw-hangzhou-b',
    });
    clock.advance(60_000);
    expect(await sim.account.listUsage()).toEqual({
      UsedCpu: 2,
      MaxCpu: 50_000,
      UsedImageCacheCount: 1,
      MaxImageCacheCount: 50,
      UsedAutoImageCacheCount: 1,
      MaxAutoImageCacheCount: 50,
      UsedDataCacheCount: 0,
      MaxDataCacheCount: 20,
    });
  });
});
