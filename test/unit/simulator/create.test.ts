import fc from 'fast-check';
import type { CreateContainerGroupRequest } from '../../../providers/eci-api/index.js';
import { container, makeSimulator, request } from './helpers.js';

describe('CreateContainerGroup validation and idempotency', () => {
  it('returns the same group for the same ClientToken and creates no second group', async () => {
    const { sim } = makeSimulator();
    const first = await sim.createContainerGroup(request({ ClientToken: 'pod-uid-1' }));
    const again = await sim.createContainerGroup(request({ ClientToken: 'pod-uid-1' }));
    expect(again.ContainerGroupId).toBe(first.ContainerGroupId);
    expect(again.RequestId).not.toBe(first.RequestId);
    expect(await sim.describeContainerGroups({})).toHaveLength(1);
    const other = await sim.createContainerGroup(request({ ClientToken: 'pod-uid-2' }));
    expect(other.ContainerGroupId).not.toBe(first.ContainerGroupId);
  });

  it('forgets a ClientToken after 24 h', async () => {
    const { sim, clock } = makeSimulator();
    const first = await sim.createContainerGroup(request({ ClientToken: 't' }));
    clock.advance(24 * 3600_000 + 1);
    const later = await sim.createContainerGroup(request({ ClientToken: 't' }));
    expect(later.ContainerGroupId).not.toBe(first.ContainerGroupId);
  });

  it('DryRun validates (stock included) and creates nothing', async () => {
    const { sim } = makeSimulator();
    sim.setStock('cn-hangzhou-b', 1);
    await expect(sim.createContainerGroup(request({ DryRun: true }))).rejects.toMatchObject({
      code: 'DryRunOperation',
    });
    await expect(
      sim.createContainerGroup(request({ DryRun: true, ContainerGroupName: '-bad' })),
    ).rejects.toMatchObject({
      code: 'InvalidParameter',
    });
    expect(await sim.describeContainerGroups({})).toHaveLength(0);
    await expect(sim.createContainerGroup(request())).resolves.toBeDefined(); // the dry run took no stock
  });

  it('without SecurityGroupId and VSwitchId uses the default security group and a vSwitch it chooses', async () => {
    const { sim } = makeSimulator();
    sim.setStock('cn-hangzhou-b', 0);
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ SecurityGroupId: undefined, VSwitchId: undefined }),
    );
    const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
    expect(g).toMatchObject({
      SecurityGroupId: expect.stringMatching(/^sg-[0-9a-f]{20}$/),
      VSwitchId: 'vsw-default-cn-hangzhou-c', // zone b has no stock: the next zone's
      ZoneId: 'cn-hangzhou-c',
    });
    const inZone = await sim.createContainerGroup(request({ VSwitchId: '', ZoneId: 'cn-hangzhou-k' }));
    expect(
      (await sim.describeContainerGroups({ ContainerGroupIds: [inZone.ContainerGroupId] }))[0],
    ).toMatchObject({
      ZoneId: 'cn-hangzhou-k',
      SecurityGroupId: 'sg-test',
    });
  });

  const cases: [string, Partial<CreateContainerGroupRequest>, string, string][] = [
    [
      'a ZoneId the region lacks, with no vSwitch',
      { VSwitchId: '', ZoneId: 'cn-hangzhou-z' },
      'InvalidParameter',
      'ZoneId',
    ],
    ['missing RegionId', { RegionId: '' }, 'MissingParameter', 'RegionId'],
    ['no container', { Container: [] }, 'MissingParameter', 'Container'],
    ['name with capitals', { ContainerGroupName: 'Web' }, 'InvalidParameter', 'ContainerGroupName'],
    ['name of one character', { ContainerGroupName: 'a' }, 'InvalidParameter', 'ContainerGroupName'],
    ['name ending with -', { ContainerGroupName: 'web-' }, 'InvalidParameter', 'ContainerGroupName'],
    [
      'name of 129 characters',
      { ContainerGroupName: 'a'.repeat(129) },
      'InvalidParameter',
      'ContainerGroupName',
    ],
    ['a spec larger than any', { Cpu: 64, Memory: 1024 }, 'InvalidParameter', 'Cpu/Memory'],
    [
      'reserved port',
      { Container: [container({ Port: [{ Port: 10250 }] })] },
      'InvalidParameter',
      'Container.1.Port.1.Port',
    ],
    ['reserved tag prefix', { Tag: [{ Key: 'acs:x', Value: 'y' }] }, 'InvalidParameter', 'Tag.1.Key'],
    ['long tag value', { Tag: [{ Key: 'k', Value: 'v'.repeat(129) }] }, 'InvalidParameter', 'Tag.1.Value'],
    [
      'a tag key twice',
      {
        Tag: [
          { Key: 'k', Value: 'a' },
          { Key: 'k', Value: 'b' },
        ],
      },
      'InvalidParameter',
      'Tag.2.Key',
    ],
    [
      'a URL in a tag value',
      { Tag: [{ Key: 'k', Value: 'see https://x' }] },
      'InvalidParameter',
      'Tag.1.Value',
    ],
    ['a URL in a tag key', { Tag: [{ Key: 'http://k', Value: 'v' }] }, 'InvalidParameter', 'Tag.1.Key'],
    ['a tag value with acs:', { Tag: [{ Key: 'k', Value: 'acs:v' }] }, 'InvalidParameter', 'Tag.1.Value'],
    [
      '21 tags',
      { Tag: Array.from({ length: 21 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) },
      'InvalidParameter',
      'Tag',
    ],
    [
      '21 containers',
      { Container: Array.from({ length: 21 }, (_, i) => container({ Name: `c${i}` })) },
      'InvalidParameter',
      'Container',
    ],
    [
      'mount of an unknown volume',
      { Container: [container({ VolumeMount: [{ Name: 'v', MountPath: '/v' }] })] },
      'InvalidParameter',
      'Container.1.VolumeMount.1.Name',
    ],
    ['bad vSwitch ID', { VSwitchId: 'subnet-1' }, 'InvalidParameter', 'VSwitchId'],
    [
      'an SCTP port (ECI takes TCP or UDP)',
      { Container: [container({ Port: [{ Port: 9999, Protocol: 'SCTP' as 'TCP' }] })] },
      'InvalidParameter',
      'Container.1.Port.1.Protocol',
    ],
    ['a Kubernetes DNS policy', { DnsPolicy: 'ClusterFirst' }, 'InvalidParameter', 'DnsPolicy'],
    [
      'an unknown pull policy',
      { Container: [container({ ImagePullPolicy: 'Sometimes' as 'Always' })] },
      'InvalidParameter',
      'Container.1.ImagePullPolicy',
    ],
    ['other region', { RegionId: 'cn-beijing' }, 'InvalidRegionId', 'RegionId'],
  ];

  it.each(cases)('rejects %s, naming the parameter', async (_title, overrides, code, parameter) => {
    const { sim } = makeSimulator();
    const err = await sim.createContainerGroup(request(overrides)).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'InvalidParameter', code });
    expect((err as Error).message).toContain(parameter);
    expect((err as { requestId?: string }).requestId).toBeDefined();
  });

  it("rounds Cpu/Memory that are not a spec up to the region's smallest that holds them, as ECI does", async () => {
    const { sim } = makeSimulator();
    const size = async (overrides: Partial<CreateContainerGroupRequest>) => {
      const { ContainerGroupId: id } = await sim.createContainerGroup(request(overrides));
      const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
      return [g.Cpu, g.Memory];
    };
    // ECI's example: 7 vCPU / 13 GiB in cn-hangzhou is created as 8 / 14 (a spec sold there).
    expect(await size({ Cpu: 7, Memory: 13 })).toEqual([8, 14]);
    expect(await size({ Cpu: 2, Memory: 3 })).toEqual([2, 4]);
    // Spot instances come only in the specs every region sells.
    expect(await size({ Cpu: 7, Memory: 13, SpotStrategy: 'SpotAsPriceGo' })).toEqual([8, 16]);
  });

  it('sizes a group from its containers, rounding up to a supported spec', async () => {
    const { sim } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({
        Container: [container({ Cpu: 1, Memory: 2 }), container({ Name: 'side', Cpu: 0.5, Memory: 1 })],
      }),
    );
    const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
    expect([g.Cpu, g.Memory]).toEqual([2, 4]);
  });

  it('never stores registry passwords', async () => {
    const { sim } = makeSimulator();
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ ImageRegistryCredential: [{ Server: 'r.example.com', UserName: 'u', Password: 'hunter2' }] }),
    );
    const everything = JSON.stringify([
      await sim.describeContainerGroups({}),
      await sim.describeContainerGroupStatus({ ContainerGroupIds: [id] }),
    ]);
    expect(everything).not.toContain('hunter2');
  });

  it('keeps its own copy of the request: the caller changing its object later changes no group', async () => {
    const { sim } = makeSimulator();
    const req = request({ Tag: [{ Key: 'app', Value: 'web' }] });
    const { ContainerGroupId: id } = await sim.createContainerGroup(req);
    req.Container[0].Image = 'changed:1';
    req.Tag?.push({ Key: 'extra', Value: 'x' });
    const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
    expect(g.Containers[0].Image).toBe('nginx:1.27');
    expect(g.Tags).toEqual([{ Key: 'app', Value: 'web' }]);
  });

  it('property: any sequence of creates and deletes never yields two groups for one ClientToken', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), token: fc.constantFrom('a', 'b', 'c', undefined) }),
      fc.record({ kind: fc.constant('delete' as const), index: fc.nat(20) }),
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 5000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const { sim, clock } = makeSimulator();
        const idsByToken = new Map<string, Set<string>>();
        const created: string[] = [];
        for (const o of ops) {
          if (o.kind === 'create') {
            const { ContainerGroupId: id } = await sim.createContainerGroup(
              request({ ClientToken: o.token }),
            );
            created.push(id);
            if (o.token) idsByToken.set(o.token, (idsByToken.get(o.token) ?? new Set()).add(id));
          } else if (o.kind === 'delete' && created.length) {
            await sim.deleteContainerGroup(created[o.index % created.length]).catch(() => undefined);
          } else if (o.kind === 'tick') clock.advance(o.ms);
        }
        for (const ids of idsByToken.values()) expect(ids.size).toBe(1);
        await sim.close();
      }),
      { numRuns: 100 },
    );
  });
});
