/** What the emulator does with parameters, over HTTP, on the real engine. */
import { REGION } from './helpers.js';
import { Harness } from './model-walk/harness.js';
import { group } from './model-walk/shapes.js';

let h: Harness;
beforeEach(async () => {
  h = await new Harness().start();
});
afterEach(() => h.close());

test('DescribeContainerGroups filters by ResourceGroupId', async () => {
  await h.ok('CreateContainerGroup', group('in-rg', { ResourceGroupId: 'rg-a' }));
  await h.ok('CreateContainerGroup', group('elsewhere'));
  const body = await h.ok('DescribeContainerGroups', { RegionId: REGION, ResourceGroupId: 'rg-a' });
  expect(body).toMatchObject({ TotalCount: 1, ContainerGroups: [{ ContainerGroupName: 'in-rg' }] });
});

test('CreateContainerGroup without SecurityGroupId and VSwitchId succeeds with ECI defaults', async () => {
  const params = group('defaults');
  delete params.SecurityGroupId;
  delete params.VSwitchId;
  const id = String((await h.ok('CreateContainerGroup', params)).ContainerGroupId);
  const body = await h.ok('DescribeContainerGroups', {
    RegionId: REGION,
    ContainerGroupIds: JSON.stringify([id]),
  });
  expect(body.ContainerGroups).toEqual([
    expect.objectContaining({
      SecurityGroupId: expect.stringMatching(/^sg-/),
      VSwitchId: expect.stringMatching(/^vsw-/),
    }),
  ]);
});
