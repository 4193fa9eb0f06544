import type { CreateContainerGroupRequest } from '../../../providers/eci-api/index.js';
import { smallestArmType } from '../../../providers/simulator/arm.js';
import { availableResources } from '../../../providers/simulator/available.js';
import { quote } from '../../../providers/simulator/pricing/quote.js';
import { instanceTypeSize } from '../../../providers/simulator/spec.js';
import { Stock } from '../../../providers/simulator/stock.js';
import { container, groupOf, makeSimulator, request } from './helpers.js';

/** A value the wire type does not allow, as a caller over HTTP could send it. */
const unchecked = (value: string) => value as CreateContainerGroupRequest['CpuArchitecture'];

describe('ARM64 container groups (CpuArchitecture)', () => {
  it('without a spec gets ECI’s documented default, ecs.c8y.large (2 vCPU, 4 GiB)', async () => {
    const { sim } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(request({ CpuArchitecture: 'ARM64' }));
    expect(await groupOf(sim, id)).toMatchObject({ InstanceType: 'ecs.c8y.large', Cpu: 2, Memory: 4 });
  });

  it('with Cpu/Memory gets the smallest ARM type covering both, by memory per vCPU', async () => {
    const { sim } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ CpuArchitecture: 'ARM64', Cpu: 3, Memory: 12 }),
    );
    expect(await groupOf(sim, id)).toMatchObject({ InstanceType: 'ecs.g8y.xlarge', Cpu: 4, Memory: 16 });
  });

  it('sizes by the containers’ sum when the group sets no Cpu/Memory', async () => {
    const { sim } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        CpuArchitecture: 'ARM64',
        Container: [container({ Cpu: 2, Memory: 4 }), container({ Name: 'side', Cpu: 1, Memory: 2 })],
      }),
    );
    expect(await groupOf(sim, id)).toMatchObject({ InstanceType: 'ecs.c8y.xlarge', Cpu: 4, Memory: 8 });
  });

  it.each([
    [0.5, 1, 'ecs.c8y.large'],
    [2, 4, 'ecs.c8y.large'],
    [1, 4, 'ecs.g8y.large'],
    [2, 16, 'ecs.r8y.large'],
    [16, 32, 'ecs.c8y.4xlarge'],
    [64, 512, 'ecs.r8y.16xlarge'],
    [0, 6, 'ecs.g8y.large'],
    [65, 128, undefined],
    [8, 513, undefined],
  ])('%s vCPU / %s GiB → %s', (cpu, memory, type) => {
    expect(smallestArmType(cpu, memory)).toBe(type);
  });

  it('refuses an ask no ARM type covers, as an unsupported spec', async () => {
    const { sim } = makeSimulator();
    await expect(
      sim.createContainerGroup(request({ CpuArchitecture: 'ARM64', Cpu: 64, Memory: 1024 })),
    ).rejects.toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringMatching(/^Cpu\/Memory: 64 vCPU \/ 1024 GiB is not a supported spec .*512 GiB/),
    });
  });

  it('refuses a value other than AMD64 or ARM64, naming the parameter, the value and both', async () => {
    const { sim } = makeSimulator();
    await expect(
      sim.createContainerGroup(request({ CpuArchitecture: unchecked('x86') })),
    ).rejects.toMatchObject({
      kind: 'InvalidParameter',
      code: 'InvalidParameter',
      message: 'CpuArchitecture: "x86" is not one of AMD64, ARM64.',
    });
  });

  it('refuses ARM64 with an x86 InstanceType and AMD64 with an ARM one; takes a list mixing both', async () => {
    const { sim } = makeSimulator();
    await expect(
      sim.createContainerGroup(request({ CpuArchitecture: 'ARM64', InstanceType: 'ecs.c6.large' })),
    ).rejects.toThrow(/CpuArchitecture: "ARM64" does not fit InstanceType "ecs.c6.large"/);
    await expect(
      sim.createContainerGroup(request({ CpuArchitecture: 'AMD64', InstanceType: 'ecs.c8y.large' })),
    ).rejects.toThrow(/CpuArchitecture: "AMD64" does not fit InstanceType "ecs.c8y.large"/);
    // Without CpuArchitecture the group runs on the first type with stock, whatever its architecture.
    const mixed = await sim.createContainerGroup(request({ InstanceType: 'ecs.c8y.large,ecs.c6.large' }));
    const [group] = await sim.describeContainerGroups({ ContainerGroupIds: [mixed.ContainerGroupId] });
    expect(group.InstanceType).toBe('ecs.c8y.large');
  });

  it('takes listed ARM instance types as they are, with or without CpuArchitecture', async () => {
    const { sim } = makeSimulator();
    const created = await Promise.all([
      sim.createContainerGroup(request({ CpuArchitecture: 'ARM64', InstanceType: 'ecs.r8y.2xlarge' })),
      sim.createContainerGroup(request({ ContainerGroupName: 'web-2', InstanceType: 'ecs.r8y.2xlarge' })),
    ]);
    for (const { ContainerGroupId: id } of created)
      expect(await groupOf(sim, id)).toMatchObject({ InstanceType: 'ecs.r8y.2xlarge', Cpu: 8, Memory: 64 });
  });

  it('draws the ARM type on the zone’s stock like any instance type', async () => {
    const { sim } = makeSimulator();
    sim.setStock('cn-hangzhou-b', 0, 'ecs.c8y.large');
    await expect(sim.createContainerGroup(request({ CpuArchitecture: 'ARM64' }))).rejects.toMatchObject({
      kind: 'NoStock',
      message: expect.stringContaining('ecs.c8y.large'),
    });
    await expect(
      sim.createContainerGroup(request({ CpuArchitecture: 'ARM64', Cpu: 4, Memory: 8 })),
    ).resolves.toBeDefined();
  });
});

describe('`uname` in a container', () => {
  async function unameIn(req: Partial<CreateContainerGroupRequest>, ...args: string[]): Promise<string> {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(request(req));
    clock.advance(3000);
    return sim.execContainerCommand({
      ContainerGroupId: id,
      ContainerName: 'app',
      Command: ['uname', ...args],
    });
  }

  it('answers aarch64 in an ARM64 group, x86_64 otherwise; Linux for the OS', async () => {
    expect(await unameIn({ CpuArchitecture: 'ARM64' }, '-m')).toBe('aarch64\n');
    expect(await unameIn({ InstanceType: 'ecs.g8y.large' }, '-m')).toBe('aarch64\n');
    expect(await unameIn({}, '-m')).toBe('x86_64\n');
    expect(await unameIn({ CpuArchitecture: 'AMD64', InstanceType: 'ecs.c6.large' }, '-m')).toBe('x86_64\n');
    expect(await unameIn({}, '-s')).toBe('Linux\n');
    expect(await unameIn({})).toBe('Linux\n');
    expect(await unameIn({ CpuArchitecture: 'ARM64' }, '-sm')).toBe('Linux aarch64\n');
    expect(await unameIn({ CpuArchitecture: 'ARM64' }, '-a')).toMatch(
      /^Linux web-1 \S+\.aarch64 #1 SMP aarch64 GNU\/Linux\n$/,
    );
  });
});

describe('ARM families in the catalogue and the price table', () => {
  it('sizes c8y, g8y and r8y at 2, 4 and 8 GiB per vCPU', () => {
    expect(instanceTypeSize('ecs.c8y.large')).toEqual({ cpu: 2, memory: 4 });
    expect(instanceTypeSize('ecs.g8y.xlarge')).toEqual({ cpu: 4, memory: 16 });
    expect(instanceTypeSize('ecs.r8y.16xlarge')).toEqual({ cpu: 64, memory: 512 });
  });

  it('lists the ARM families and types in DescribeAvailableResource', () => {
    const zones = ['cn-hangzhou-b'];
    for (const family of ['ecs.c8y', 'ecs.g8y', 'ecs.r8y']) {
      const [families] = availableResources(new Stock(), 'cn-hangzhou', zones, {
        Category: 'InstanceTypeFamily',
        Value: family,
      });
      expect(families.Supported).toEqual([{ Value: family, StatusCategory: 'WithStock' }]);
    }
    const [types] = availableResources(new Stock(), 'cn-hangzhou', zones, {
      Category: 'InstanceType',
      Value: 'ecs.g8y.16xlarge',
      Cores: 64,
      Memory: 256,
    });
    expect(types.Supported).toEqual([{ Value: 'ecs.g8y.16xlarge', StatusCategory: 'WithStock' }]);
  });

  it('prices an ARM type per its family’s large, in proportion to its vCPUs', () => {
    const hourly = (type: string) =>
      quote({ InstanceType: type }, 'cn-hangzhou', ['cn-hangzhou-b']).Price.TradePrice * 3600;
    expect(hourly('ecs.c8y.large')).toBeCloseTo(0.53, 3);
    expect(hourly('ecs.c8y.2xlarge')).toBeCloseTo(2.12, 3);
    expect(hourly('ecs.r8y.large')).toBeCloseTo(0.85, 3);
    // Cheaper than the x86 type of the same size.
    expect(hourly('ecs.g8y.large')).toBeLessThan(hourly('ecs.g7.large'));
  });
});
