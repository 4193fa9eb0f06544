import { container, makeSimulator, request, shell } from './helpers.js';

describe('DescribeContainerGroupStatus and DescribeContainerGroups', () => {
  it('returns a Kubernetes-shaped status record: the pod identity, no zone, no events', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [container({ Cpu: 1, Memory: 2 })] }),
    );
    clock.advance(3000);
    const [r] = await sim.describeContainerGroupStatus({ ContainerGroupIds: [id] });
    expect(r).toMatchObject({
      ContainerGroupId: id,
      Name: 'web-1',
      Namespace: 'default',
      Status: 'Running',
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/),
      Annotations: '{}',
    });
    expect(r).not.toHaveProperty('ZoneId');
    expect(r).not.toHaveProperty('Events');
    expect(r.PodStatus).toMatchObject({
      Phase: 'Running',
      QosClass: 'Guaranteed',
      StartTime: '2025-01-01T00:00:01Z',
    });
    expect(r.PodStatus.PodIp).toMatch(/^192\.168\./);
    expect(r.PodStatus.PodIps).toEqual([{ Ip: r.PodStatus.PodIp }]);
    expect(r.PodStatus).not.toHaveProperty('InitContainerStatuses');
    const cs = r.PodStatus.ContainerStatuses[0];
    expect(cs).toMatchObject({
      Name: 'app',
      Image: 'nginx:1.27',
      Ready: true,
      Started: true,
      RestartCount: 0,
    });
    expect(cs).not.toHaveProperty('ContainerID');
    expect(cs.ImageID).toMatch(/^nginx:1\.27@sha256:[0-9a-f]{64}$/);
    expect(cs.State.Running?.StartedAt).toBe('2025-01-01T00:00:03Z');
    expect(Object.fromEntries(r.PodStatus.Conditions.map((c) => [c.Type, c.Status]))).toEqual({
      ContainerInstanceCreated: 'True',
      PodScheduled: 'True',
      Initialized: 'True',
      ContainersReady: 'True',
      Ready: 'True',
    });
  });

  it('names the pod a group stands for from its NameSpace and UID tags', async () => {
    const { sim } = makeSimulator();
    const tags = [
      { Key: 'NameSpace', Value: 'shop' },
      { Key: 'UID', Value: '0b5e7a52-1f0c-4c1e-9d55-6f1f0f9f2a11' },
    ];
    const { ContainerGroupId: id } = await sim.createContainerGroup(request({ Tag: tags }));
    const [r] = await sim.describeContainerGroupStatus({ ContainerGroupIds: [id] });
    expect(r).toMatchObject({ Namespace: 'shop', uuid: '0b5e7a52-1f0c-4c1e-9d55-6f1f0f9f2a11' });
  });

  it('with SinceSecond returns only groups whose status changed in that window', async () => {
    const { sim, clock } = makeSimulator();
    const quiet = await sim.createContainerGroup(request({ ContainerGroupName: 'quiet' }));
    clock.advance(60_000);
    const busy = await sim.createContainerGroup(request({ ContainerGroupName: 'busy' }));
    clock.advance(1500);
    const changed = await sim.describeContainerGroupStatus({ SinceSecond: 5 });
    expect(changed.map((r) => r.ContainerGroupId)).toEqual([busy.ContainerGroupId]);
    clock.advance(60_000);
    expect(await sim.describeContainerGroupStatus({ SinceSecond: 5 })).toEqual([]);
    await sim.deleteContainerGroup(quiet.ContainerGroupId);
    const afterDelete = await sim.describeContainerGroupStatus({ SinceSecond: 5 });
    expect(afterDelete.map((r) => [r.ContainerGroupId, r.Status])).toEqual([
      [quiet.ContainerGroupId, 'Terminating'],
    ]);
  });

  it('events with SinceSecond: only those added or repeated in the window, for polling new ones', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(request());
    clock.advance(60_000);
    const reasons = async (SinceSecond?: number) =>
      (
        (await sim.describeContainerGroupEvents({ ContainerGroupIds: [id], SinceSecond }))[0]?.Events ?? []
      ).map((e) => `${e.Reason} x${e.Count}`);
    expect(await reasons()).toEqual(['Pulling x1', 'Pulled x1', 'Created x1', 'Started x1']);
    await sim.restartContainerGroup(id);
    clock.advance(1500);
    // The restart's Killing and the repeated Created/Started; not the first start's Pulling/Pulled.
    expect(await reasons(2)).toEqual(['Killing x1', 'Pulled x1', 'Created x2', 'Started x2']);
    expect(await reasons()).toHaveLength(6);
  });

  it('filters by tags (all must match), name, status and zone', async () => {
    const { sim, clock } = makeSimulator();
    const tags = (node: string) => [
      { Key: 'cluster', Value: 'c1' },
      { Key: 'node', Value: node },
    ];
    const a = await sim.createContainerGroup(request({ ContainerGroupName: 'aa', Tag: tags('n1') }));
    const b = await sim.createContainerGroup(
      request({
        ContainerGroupName: 'bb',
        Tag: tags('n2'),
        VSwitchId: 'vsw-hangzhou-c',
        RestartPolicy: 'Never',
        Container: [shell('true')],
      }),
    );
    clock.advance(5000);
    const ids = (groups: { ContainerGroupId: string }[]) => groups.map((g) => g.ContainerGroupId);
    expect(ids(await sim.describeContainerGroupStatus({ Tags: [{ Key: 'cluster', Value: 'c1' }] }))).toEqual([
      a.ContainerGroupId,
      b.ContainerGroupId,
    ]);
    expect(ids(await sim.describeContainerGroupStatus({ Tags: tags('n2') }))).toEqual([b.ContainerGroupId]);
    expect(await sim.describeContainerGroupStatus({ Tags: [{ Key: 'cluster', Value: 'other' }] })).toEqual(
      [],
    );
    expect(ids(await sim.describeContainerGroups({ ContainerGroupName: 'aa' }))).toEqual([
      a.ContainerGroupId,
    ]);
    expect(ids(await sim.describeContainerGroups({ Status: 'Succeeded' }))).toEqual([b.ContainerGroupId]);
    expect(ids(await sim.describeContainerGroups({ ZoneId: 'cn-hangzhou-c' }))).toEqual([b.ContainerGroupId]);
    expect(ids(await sim.describeContainerGroups({ Tags: tags('n1'), ContainerGroupName: 'bb' }))).toEqual(
      [],
    );
    const events = await sim.describeContainerGroupEvents({ ContainerGroupIds: [b.ContainerGroupId] });
    expect(events[0].Events.map((e) => e.Reason)).toContain('Started');
  });

  it('finds groups by a name or tag one group, two or none carry, as groups come, go and retag', async () => {
    const { sim, clock } = makeSimulator();
    const uid = (v: string) => [{ Key: 'uid', Value: v }];
    const create = async (name: string, tag: string) =>
      (await sim.createContainerGroup(request({ ContainerGroupName: name, Tag: uid(tag) }))).ContainerGroupId;
    const [a, b, c] = [await create('web', 'u1'), await create('web', 'u2'), await create('db', 'u2')];
    clock.advance(3000);
    const ids = async (filter: Parameters<typeof sim.describeContainerGroups>[0]) =>
      (await sim.describeContainerGroups(filter)).map((g) => g.ContainerGroupId).sort();
    expect(await ids({ ContainerGroupName: 'web' })).toEqual([a, b].sort());
    expect(await ids({ Tags: uid('u1') })).toEqual([a]);
    expect(await ids({ Tags: uid('u2') })).toEqual([b, c].sort());
    await sim.deleteContainerGroup(a);
    clock.advance(60_000); // Terminating, then gone
    expect(await ids({ ContainerGroupName: 'web' })).toEqual([b]);
    expect(await ids({ Tags: uid('u1') })).toEqual([]);
    await sim.updateContainerGroup(b, { Tag: uid('u1') });
    expect(await ids({ Tags: uid('u1') })).toEqual([b]);
    expect(await ids({ Tags: uid('u2') })).toEqual([c]);
    await sim.deleteContainerGroup(c);
    clock.advance(60_000);
    expect(await ids({ Tags: uid('u2') })).toEqual([]);
    expect(await ids({ ContainerGroupName: 'db' })).toEqual([]);
    expect(await ids({ ContainerGroupName: 'web' })).toEqual([b]);
  });

  it('returns fresh objects: changing a result does not change the simulator', async () => {
    const { sim } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(request());
    const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
    g.Tags[0].Value = 'changed';
    g.Status = 'Failed';
    const [again] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
    expect(again.Tags[0].Value).toBe('c1');
    expect(again.Status).toBe('Scheduling');
  });

  it('answers SinceSecond and tag lookups from indexes among many groups', async () => {
    const { sim, clock } = makeSimulator({ speed: 0 });
    for (let i = 0; i < 2000; i++) {
      await sim.createContainerGroup(
        request({ ContainerGroupName: `p-${i}`, Tag: [{ Key: 'pod', Value: `p-${i}` }] }),
      );
    }
    clock.advance(1);
    expect(sim.counts()).toEqual({ Running: 2000 });
    clock.advance(60_000);
    await sim.createContainerGroup(
      request({ ContainerGroupName: 'late', Tag: [{ Key: 'pod', Value: 'late' }] }),
    );
    clock.advance(1);
    expect(await sim.describeContainerGroupStatus({ SinceSecond: 10 })).toHaveLength(1);
    expect(await sim.describeContainerGroupStatus({ Tags: [{ Key: 'pod', Value: 'p-77' }] })).toHaveLength(1);
    await sim.close();
  });
});
