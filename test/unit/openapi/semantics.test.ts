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

test('CreateContainerGroup with CpuArchitecture ARM64 runs on the smallest ARM type covering Cpu/Memory', async () => {
  const arm = { CpuArchitecture: 'ARM64' as const, Cpu: 3, Memory: 12 };
  const id = String((await h.ok('CreateContainerGroup', group('arm', arm))).ContainerGroupId);
  const body = await h.ok('DescribeContainerGroups', {
    RegionId: REGION,
    ContainerGroupIds: JSON.stringify([id]),
  });
  expect(body.ContainerGroups).toEqual([
    expect.objectContaining({ InstanceType: 'ecs.g8y.xlarge', Cpu: 4, Memory: 16 }),
  ]);
});

test('CpuArchitecture other than AMD64 or ARM64, or ARM64 with an x86 type, is a 400 naming both', async () => {
  const bad = await h.call('CreateContainerGroup', { ...group('arm-bad'), CpuArchitecture: 'arm' });
  expect(bad).toMatchObject({
    status: 400,
    body: { Code: 'InvalidParameter', Message: 'CpuArchitecture: "arm" is not one of AMD64, ARM64.' },
  });
  const mixed = await h.call('CreateContainerGroup', {
    ...group('arm-x86', { InstanceType: 'ecs.c6.large' }),
    CpuArchitecture: 'ARM64',
  });
  expect(mixed).toMatchObject({
    status: 400,
    body: {
      Code: 'InvalidParameter',
      Message: expect.stringMatching(/CpuArchitecture: "ARM64" .*"ecs.c6.large"/),
    },
  });
});
