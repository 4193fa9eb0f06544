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

/** A family everywhere (one zone without stock), a type by its size, a spot type in one zone. */
export async function runAvailabilityCorpus(h: Harness): Promise<void> {
  await h.ok('DescribeAvailableResource', {
    ...region,
    'DestinationResource.Category': 'InstanceTypeFamily',
    'DestinationResource.Value': 'ecs.g6',
  });
  await h.ok('DescribeAvailableResource', {
    ...region,
    'DestinationResource.Category': 'InstanceType',
    'DestinationResource.Value': 'ecs.g6.xlarge',
    'DestinationResource.Cores': '4',
    'DestinationResource.Memory': '16',
  });
  await h.ok('DescribeAvailableResource', {
    ...region,
    ZoneId: `${REGION}-b`,
    'DestinationResource.Category': 'InstanceType',
    'DestinationResource.Value': 'ecs.c6.large',
    'DestinationResource.Cores': '2',
    'DestinationResource.Memory': '4',
    'SpotResource.SpotStrategy': 'SpotAsPriceGo',
  });
}
