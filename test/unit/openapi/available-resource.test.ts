import { REGION, callV1, useSimulatorServer } from './helpers.js';

const h = useSimulatorServer();

/** The SDK's DescribeAvailableResourceRequestDestinationResource: Value for families; Value, Cores and Memory for types. */
test.each([
  [{ 'DestinationResource.Category': 'InstanceTypeFamily' }, 'DestinationResource.Value'],
  [
    {
      'DestinationResource.Category': 'InstanceType',
      'DestinationResource.Cores': '2',
      'DestinationResource.Memory': '4',
    },
    'DestinationResource.Value',
  ],
  [
    { 'DestinationResource.Category': 'InstanceType', 'DestinationResource.Value': 'ecs.c6.large' },
    'DestinationResource.Cores',
  ],
  [
    {
      'DestinationResource.Category': 'InstanceType',
      'DestinationResource.Value': 'ecs.c6.large',
      'DestinationResource.Cores': '2',
    },
    'DestinationResource.Memory',
  ],
])('%j is MissingParameter naming %s', async (destination, missing) => {
  const res = await callV1(h.server.url, 'DescribeAvailableResource', { RegionId: REGION, ...destination });
  expect([res.status, res.body.Code]).toEqual([400, 'MissingParameter']);
  expect(res.body.Message).toContain(`"${missing}"`);
});

test('a family with its Value, and a type with Value, Cores and Memory, are answered', async () => {
  const family = await callV1(h.server.url, 'DescribeAvailableResource', {
    RegionId: REGION,
    'DestinationResource.Category': 'InstanceTypeFamily',
    'DestinationResource.Value': 'ecs.c6',
  });
  expect(family.status).toBe(200);
  const type = await callV1(h.server.url, 'DescribeAvailableResource', {
    RegionId: REGION,
    'DestinationResource.Category': 'InstanceType',
    'DestinationResource.Value': 'ecs.c6.large',
    'DestinationResource.Cores': '2',
    'DestinationResource.Memory': '4',
  });
  expect(type.status).toBe(200);
  expect(JSON.stringify(type.body)).toContain('ecs.c6.large');
});
