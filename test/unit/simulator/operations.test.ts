import { EciSimulator } from '../../../providers/simulator/index.js';
import { container, groupOf, makeSimulator, request, shell, statusOf } from './helpers.js';

describe('restart, update, spot, metrics, regions', () => {
  it('restarts a group: Restarting, then its containers run again with RestartCount + 1', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(request());
    await expect(sim.restartContainerGroup(id)).rejects.toMatchObject({ code: 'IncorrectStatus' });
    clock.advance(3000);
    await sim.restartContainerGroup(id);
    expect(await statusOf(sim, id)).toBe('Restarting');
    clock.advance(1000);
    const g = await groupOf(sim, id);
    expect(g.Status).toBe('Running'); // image already present: starts at once
    expect(g.Containers[0].RestartCount).toBe(1);
  });

  it('updates tags in place, and other fields through Updating', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [shell('echo v1; sleep infinity')] }),
    );
    clock.advance(3000);
    await sim.updateContainerGroup(id, { Tag: [{ Key: 'cluster', Value: 'c2' }] });
    expect(await statusOf(sim, id)).toBe('Running');
    expect(await sim.describeContainerGroups({ Tags: [{ Key: 'cluster', Value: 'c2' }] })).toHaveLength(1);
    expect(await sim.describeContainerGroups({ Tags: [{ Key: 'cluster', Value: 'c1' }] })).toHaveLength(0);
    await sim.updateContainerGroup(id, {
      UpdateType: 'IncrementalUpdate',
      Container: [{ Name: 'app', Command: ['sh', '-c', 'echo v2; sleep infinity'] }],
    });
    expect(await statusOf(sim, id)).toBe('Updating');
    clock.advance(1000);
    expect(await statusOf(sim, id)).toBe('Running');
    expect(await sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' })).toBe('v2\n');
    await expect(sim.updateContainerGroup(id, { Container: [{ Name: 'ghost' }] })).rejects.toMatchObject({
      message: expect.stringContaining('Container.1.Name'),
    });
  });

  it('UpdateType RenewUpdate (the default) takes containers whole; IncrementalUpdate overlays fields', async () => {
    const { sim, clock } = makeSimulator();
    const app = shell('echo "[$GREETING]"; sleep infinity', {
      EnvironmentVar: [{ Key: 'GREETING', Value: 'hi' }],
    });
    const side = shell('sleep infinity', { Name: 'side' });
    const { ContainerGroupId: id } = await sim.createContainerGroup(request({ Container: [app, side] }));
    clock.advance(3000);
    const log = () => sim.describeContainerLog({ ContainerGroupId: id, ContainerName: 'app' });
    expect(await log()).toBe('[hi]\n');
    await expect(sim.updateContainerGroup(id, { Container: [app] })).rejects.toMatchObject({
      message: expect.stringContaining(
        'RenewUpdate (the default) replaces the whole list, and it leaves out side',
      ),
    });
    await expect(
      sim.updateContainerGroup(id, { Container: [{ Name: 'app', EnvironmentVar: [] }, side] }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^Container\.1\.Image: is required/) });
    expect(await statusOf(sim, id)).toBe('Running');
    // Whole: the environment not given is gone.
    await sim.updateContainerGroup(id, { Container: [{ ...app, EnvironmentVar: undefined }, side] });
    clock.advance(3000);
    expect(await log()).toBe('[]\n');
    await sim.updateContainerGroup(id, {
      UpdateType: 'IncrementalUpdate',
      Container: [{ Name: 'app', EnvironmentVar: [{ Key: 'GREETING', Value: 'back' }] }],
    });
    clock.advance(3000);
    expect(await log()).toBe('[back]\n');
  });

  it('replaces ConfigFile volumes through Updating: the containers restart and read the new files', async () => {
    const { sim, clock } = makeSimulator();
    const files = (text: string) => ({
      Name: 'cfg',
      Type: 'ConfigFileVolume' as const,
      ConfigFileVolume: {
        ConfigFileToPath: [{ Path: 'app.conf', Content: Buffer.from(text).toString('base64') }],
      },
    });
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Volume: [files('v1')],
        Container: [{ ...shell('sleep infinity'), VolumeMount: [{ Name: 'cfg', MountPath: '/etc/app' }] }],
      }),
    );
    clock.advance(3000);
    const cat = () =>
      sim.execContainerCommand({
        ContainerGroupId: id,
        ContainerName: 'app',
        Command: ['cat', '/etc/app/app.conf'],
      });
    expect(await cat()).toBe('v1\n');
    await sim.updateContainerGroup(id, { Volume: [files('v2')] });
    expect(await statusOf(sim, id)).toBe('Updating');
    clock.advance(1000);
    expect(await cat()).toBe('v2\n');
    expect((await groupOf(sim, id)).Containers[0].RestartCount).toBe(1);
  });

  it('refuses ConfigFile content over 32 KB a file or 60 KB a volume, at create and at update', async () => {
    const { sim, clock } = makeSimulator();
    const volume = (...sizes: number[]) => ({
      Name: 'cfg',
      Type: 'ConfigFileVolume' as const,
      ConfigFileVolume: {
        ConfigFileToPath: sizes.map((n, i) => ({
          Path: `f${i}`,
          Content: Buffer.alloc(n).toString('base64'),
        })),
      },
    });
    await expect(
      sim.createContainerGroup(request({ Volume: [volume(32 * 1024 + 1)] })),
    ).rejects.toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringContaining('Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content'),
    });
    const { ContainerGroupId: id } = await sim.createContainerGroup(request({ Volume: [volume(100)] }));
    clock.advance(3000);
    await expect(
      sim.updateContainerGroup(id, { Volume: [volume(30_000, 30_000, 2_000)] }),
    ).rejects.toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringContaining('at most 61440'),
    });
    expect(await statusOf(sim, id)).toBe('Running');
  });

  it('moves a group to another resource group in place, and applies a new DnsConfig through Updating', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(request());
    clock.advance(3000);
    await sim.updateContainerGroup(id, { ResourceGroupId: 'rg-b' });
    expect(await groupOf(sim, id)).toMatchObject({ Status: 'Running', ResourceGroupId: 'rg-b' });
    await sim.updateContainerGroup(id, { DnsConfig: { NameServer: ['10.0.0.53'] } });
    expect(await groupOf(sim, id)).toMatchObject({
      Status: 'Updating',
      DnsConfig: { NameServers: ['10.0.0.53'] },
    });
  });

  it('expires spot groups after SpotDuration hours, or on expireSpot()', async () => {
    const { sim, clock } = makeSimulator();
    const spot = await sim.createContainerGroup(request({ SpotStrategy: 'SpotAsPriceGo', SpotDuration: 1 }));
    const other = await sim.createContainerGroup(request({ SpotStrategy: 'SpotAsPriceGo', SpotDuration: 1 }));
    clock.advance(3000);
    sim.expireSpot(other.ContainerGroupId);
    let g = await groupOf(sim, other.ContainerGroupId);
    expect(g.Status).toBe('Expired');
    expect(g.ExpiredTime).toBeDefined();
    expect(g.Events.map((e) => e.Reason)).toContain('SpotToBeReleased');
    expect(await statusOf(sim, spot.ContainerGroupId)).toBe('Running');
    clock.advance(3600_000);
    g = await groupOf(sim, spot.ContainerGroupId);
    expect(g.Status).toBe('Expired');
    const [r] = await sim.describeContainerGroupStatus({ ContainerGroupIds: [spot.ContainerGroupId] });
    expect(r.PodStatus.Phase).toBe('Failed');
  });

  it('fails a group after ActiveDeadlineSeconds', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(request({ ActiveDeadlineSeconds: 30 }));
    clock.advance(31_000);
    const g = await groupOf(sim, id);
    expect(g.Status).toBe('Failed');
    expect(g.Events.map((e) => e.Reason)).toContain('DeadlineExceeded');
  });

  it('OOM-kills a container on request; the restart policy applies', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(request());
    clock.advance(3000);
    sim.killContainer(id, 'app', 137, 'OOMKilled');
    const g = await groupOf(sim, id);
    expect(g.Containers[0].PreviousState).toMatchObject({ ExitCode: 137, Reason: 'OOMKilled' });
    expect(g.Events.map((e) => e.Reason)).toContain('OOMKilled');
  });

  it('reports plausible metrics within limits, with monotone cumulative CPU', async () => {
    const { sim, clock } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Cpu: 2, Memory: 4, Container: [container(), container({ Name: 'side', Image: 'envoy:1' })] }),
    );
    clock.advance(3000);
    let last = 0;
    let lastRx = 0;
    for (let i = 0; i < 5; i++) {
      clock.advance(37_000);
      const [m] = await sim.describeMetrics([id, 'eci-unknown']);
      const r = m.Records[0];
      // Network counters only grow, as on a real interface.
      const [eth0] = r.Network?.Interfaces ?? [];
      expect(eth0.Name).toBe('eth0');
      expect(eth0.RxBytes).toBeGreaterThan(lastRx);
      expect(eth0.RxPackets).toBeGreaterThan(0);
      lastRx = eth0.RxBytes;
      expect(m.ContainerGroupId).toBe(id);
      expect(r.CPU.Limit).toBe(2000);
      expect(r.CPU.UsageNanoCores).toBeGreaterThan(0);
      expect(r.CPU.UsageNanoCores).toBeLessThanOrEqual(2e9);
      expect(r.Memory.UsageBytes).toBeLessThanOrEqual(4 * 1024 ** 3);
      expect(r.CPU.UsageCoreNanoSeconds).toBeGreaterThan(last);
      last = r.CPU.UsageCoreNanoSeconds;
      expect(r.Containers.map((c) => c.Name)).toEqual(['app', 'side']);
    }
    expect(await sim.describeMetrics(['eci-unknown'])).toEqual([]);
  });

  it('describes its region and zones', async () => {
    const sim = new EciSimulator({ regionId: 'cn-shanghai', zones: ['cn-shanghai-e', 'cn-shanghai-f'] });
    expect(await sim.describeRegions()).toEqual([
      {
        RegionId: 'cn-shanghai',
        RegionEndpoint: 'eci.cn-shanghai.aliyuncs.com',
        Zones: ['cn-shanghai-e', 'cn-shanghai-f'],
        RecommendZones: ['cn-shanghai-e', 'cn-shanghai-f'],
      },
    ]);
    await sim.close();
  });

  it('at speed 0 reaches the end state on the next tick, on the real clock', async () => {
    const sim = new EciSimulator({ speed: 0 });
    const job = await sim.createContainerGroup(
      request({ RestartPolicy: 'Never', Container: [shell('echo ok')] }),
    );
    const server = await sim.createContainerGroup(request());
    for (let i = 0; i < 200 && (await statusOf(sim, job.ContainerGroupId)) !== 'Succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await statusOf(sim, job.ContainerGroupId)).toBe('Succeeded');
    expect(await statusOf(sim, server.ContainerGroupId)).toBe('Running');
    await sim.close();
  });
});
