import { REGION } from '../helpers.js';
import type { Harness } from './harness.js';

const region = { RegionId: REGION };

/** Prices, stock and quotas: every answer shape of the account-level actions. */
export async function runAccountCorpus(h: Harness): Promise<void> {
  await h.ok('DescribeContainerGroupPrice', { ...region, Cpu: '2', Memory: '4' });
  await h.ok('DescribeContainerGroupPrice', {
    ...region,
    InstanceType: 'ecs.g6.xlarge',
    SpotStrategy: 'SpotWithPriceLimit',
    SpotPriceLimit: '0.5',
  });
  await h.ok('DescribeContainerGroupPrice', {
    ...region,
    Cpu: '1',
    Memory: '2',
    SpotStrategy: 'SpotAsPriceGo',
    ZoneId: `${REGION}-c`,
  });
  await runAvailabilityCorpus(h);
}

/** Families everywhere (one zone without stock), types by size, spot types in one zone. */
export async function runAvailabilityCorpus(h: Harness): Promise<void> {
  await h.ok('DescribeAvailableResource', {
    ...region,
    'DestinationResource.Category': 'InstanceTypeFamily',
  });
  await h.ok('DescribeAvailableResource', {
    ...region,
    'DestinationResource.Category': 'InstanceType',
    'DestinationResource.Cores': '4',
    'DestinationResource.Memory': '16',
  });
  await h.ok('DescribeAvailableResource', {
    ...region,
    ZoneId: `${REGION}-b`,
    'DestinationResource.Category': 'InstanceType',
    'DestinationResource.Value': 'ecs.c6.large',
    'SpotResource.SpotStrategy': 'SpotAsPriceGo',
  });
}
