import { instanceTypeGpus } from '../../../providers/simulator/spec.js';
import { container, makeSimulator, request } from './helpers.js';

describe('GPU container groups', () => {
  it('counts the GPUs of an instance type by its ECS name', () => {
    expect(instanceTypeGpus('ecs.gn6i-c4g1.xlarge')).toBe(1);
    expect(instanceTypeGpus('ecs.gn6i-c24g1.12xlarge')).toBe(2);
    expect(instanceTypeGpus('ecs.gn6v-c8g1.16xlarge')).toBe(8);
    expect(instanceTypeGpus('ecs.c6.large')).toBe(0);
  });

  it('runs containers asking for GPUs on a GPU instance type with that many', async () => {
    const { sim } = makeSimulator();
    const created = await sim.createContainerGroup(
      request({ InstanceType: 'ecs.gn6i-c4g1.xlarge', Container: [container({ Gpu: 1 })] }),
    );
    const [group] = await sim.describeContainerGroups({ ContainerGroupIds: [created.ContainerGroupId] });
    expect(group?.InstanceType).toBe('ecs.gn6i-c4g1.xlarge');
  });

  it('refuses GPUs without a GPU instance type, or more than the type has, naming the field', async () => {
    const { sim } = makeSimulator();
    await expect(
      sim.createContainerGroup(request({ Container: [container({ Gpu: 1 })] })),
    ).rejects.toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringContaining('GPU instance type'),
    });
    await expect(
      sim.createContainerGroup(
        request({ InstanceType: 'ecs.c6.xlarge', Container: [container({ Gpu: 1 })] }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidParameter', message: expect.stringContaining('ecs.c6.xlarge') });
    await expect(
      sim.createContainerGroup(
        request({ InstanceType: 'ecs.gn6i-c4g1.xlarge', Container: [container({ Gpu: 2 })] }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidParameter', message: expect.stringContaining('has 1 GPUs') });
  });
});
