import { makeSimulator, request } from './helpers.js';

describe('stock and placement', () => {
  it('skips a zone without stock and lands in the next vSwitch zone', async () => {
    const { sim } = makeSimulator();
    sim.setStock('cn-hangzhou-b', 0);
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ VSwitchId: 'vsw-hangzhou-b,vsw-hangzhou-c' }),
    );
    const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
    expect(g).toMatchObject({ ZoneId: 'cn-hangzhou-c', VSwitchId: 'vsw-hangzhou-c' });
  });

  it('throws NoStock when every zone is drained, and creates again after a refill', async () => {
    const { sim } = makeSimulator();
    sim.setStock('cn-hangzhou-b', 0);
    sim.setStock('cn-hangzhou-c', 0);
    const req = request({ VSwitchId: 'vsw-hangzhou-b,vsw-hangzhou-c' });
    await expect(sim.createContainerGroup(req)).rejects.toMatchObject({
      kind: 'NoStock',
      code: 'OperationDenied.NoStock',
      message: expect.stringContaining('cn-hangzhou-b, cn-hangzhou-c'),
    });
    expect(await sim.describeContainerGroups({})).toHaveLength(0);
    sim.setStock('cn-hangzhou-c', 'unlimited');
    await expect(sim.createContainerGroup(req)).resolves.toHaveProperty('ContainerGroupId');
  });

  it('consumes finite stock one group at a time', async () => {
    const { sim } = makeSimulator();
    sim.setStock('cn-hangzhou-b', 1);
    await sim.createContainerGroup(request());
    await expect(sim.createContainerGroup(request())).rejects.toMatchObject({ kind: 'NoStock' });
  });

  it('tracks stock per spec: a drained spec does not block another', async () => {
    const { sim } = makeSimulator();
    sim.setStock('cn-hangzhou-b', 0, '2.0-4.0Gi');
    await expect(sim.createContainerGroup(request({ Cpu: 2, Memory: 4 }))).rejects.toMatchObject({
      kind: 'NoStock',
    });
    await expect(sim.createContainerGroup(request({ Cpu: 4, Memory: 8 }))).resolves.toBeDefined();
  });

  it('tries InstanceType entries in order and records the chosen one', async () => {
    const { sim } = makeSimulator();
    sim.setStock('cn-hangzhou-b', 0, 'ecs.c6.large');
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ InstanceType: 'ecs.c6.large,ecs.g6.xlarge' }),
    );
    const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
    expect(g).toMatchObject({ InstanceType: 'ecs.g6.xlarge', Cpu: 4, Memory: 16 });
  });

  it('takes vCPU-memory entries in InstanceType (2-4Gi), in order with ECS types; not a spec it does not sell', async () => {
    const { sim } = makeSimulator();
    sim.setStock('cn-hangzhou-b', 0, '2-4Gi');
    const { ContainerGroupId: id } = await sim.createContainerGroup(request({ InstanceType: '2-4Gi,4-8Gi' }));
    const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
    expect(g).toMatchObject({ Cpu: 4, Memory: 8 });
    expect(g.InstanceType).toBeUndefined();
    const typed = await sim.createContainerGroup(request({ InstanceType: '2-4Gi,ecs.c6.large' }));
    const [t] = await sim.describeContainerGroups({ ContainerGroupIds: [typed.ContainerGroupId] });
    expect(t).toMatchObject({ InstanceType: 'ecs.c6.large', Cpu: 2, Memory: 4 });
    await expect(sim.createContainerGroup(request({ InstanceType: '3-5Gi' }))).rejects.toMatchObject({
      message:
        'InstanceType: "3-5Gi" is not a vCPU/memory spec ECI sells in cn-hangzhou: use one such as 2-4Gi.',
    });
    await expect(sim.createContainerGroup(request({ InstanceType: 'big' }))).rejects.toMatchObject({
      message: expect.stringContaining('nor vCPU and memory such as 2-4Gi'),
    });
  });

  it('spreads groups over zones with VSwitchRandom, and keeps order with VSwitchOrdered', async () => {
    const { sim } = makeSimulator();
    const vsws = 'vsw-hangzhou-b,vsw-hangzhou-c,vsw-hangzhou-d';
    const zones = async (strategy: 'VSwitchOrdered' | 'VSwitchRandom') => {
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const { ContainerGroupId: id } = await sim.createContainerGroup(
          request({ VSwitchId: vsws, ScheduleStrategy: strategy }),
        );
        seen.add((await sim.describeContainerGroups({ ContainerGroupIds: [id] }))[0].ZoneId);
      }
      return seen;
    };
    expect([...(await zones('VSwitchOrdered'))]).toEqual(['cn-hangzhou-b']);
    expect((await zones('VSwitchRandom')).size).toBeGreaterThan(1);
  });

  it('maps vSwitches to zones: explicit mapping, zone letter in the ID, else a stable hash', async () => {
    const { sim } = makeSimulator({ vSwitchZones: { 'vsw-abc123': 'cn-hangzhou-h' } });
    const zoneOf = async (vsw: string) => {
      const { ContainerGroupId: id } = await sim.createContainerGroup(request({ VSwitchId: vsw }));
      return (await sim.describeContainerGroups({ ContainerGroupIds: [id] }))[0].ZoneId;
    };
    expect(await zoneOf('vsw-abc123')).toBe('cn-hangzhou-h');
    expect(await zoneOf('vsw-bp1-cn-hangzhou-k')).toBe('cn-hangzhou-k');
    expect(await zoneOf('vsw-foo-g')).toBe('cn-hangzhou-g');
    const hashed = await zoneOf('vsw-2ze0x9');
    expect(hashed).toMatch(/^cn-hangzhou-[b-k]$/);
    expect(await zoneOf('vsw-2ze0x9')).toBe(hashed);
  });

  it('rejects a ZoneId that none of the vSwitches is in', async () => {
    const { sim } = makeSimulator();
    await expect(sim.createContainerGroup(request({ ZoneId: 'cn-hangzhou-k' }))).rejects.toMatchObject({
      kind: 'InvalidParameter',
      message: expect.stringContaining('ZoneId'),
    });
  });

  it('with noStock "scheduleFailed", creates a group that ends ScheduleFailed with a NoStock event', async () => {
    const { sim, clock } = makeSimulator({ noStock: 'scheduleFailed' });
    sim.setStock('cn-hangzhou-b', 0);
    const { ContainerGroupId: id } = await sim.createContainerGroup(request());
    clock.advance(1000);
    const [record] = await sim.describeContainerGroupStatus({ ContainerGroupIds: [id] });
    expect(record.Status).toBe('ScheduleFailed');
    expect(record.PodStatus.Phase).toBe('Failed');
    expect(record.PodStatus.Conditions.find((c) => c.Type === 'ContainerInstanceCreated')).toMatchObject({
      Status: 'False',
      Reason: 'NoStock',
    });
    const [{ Events }] = await sim.describeContainerGroupEvents({ ContainerGroupIds: [id] });
    expect(Events.map((e) => e.Reason)).toContain('NoStock');
  });
});
