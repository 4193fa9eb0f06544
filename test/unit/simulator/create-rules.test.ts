import type { Container, CreateContainerGroupRequest, Volume } from '../../../providers/eci-api/index.js';
import { container, makeSimulator, request } from './helpers.js';

// CreateContainerGroup's parameter table (providers/eci-api/container-rules.ts): each rule refused
// with InvalidParameter or MissingParameter naming the parameter, and the valid form accepted.
async function refusal(
  req: Partial<CreateContainerGroupRequest>,
): Promise<{ code: string; message: string }> {
  const { sim } = makeSimulator();
  try {
    await sim.createContainerGroup(request(req));
  } catch (err) {
    const { code, message } = err as { code: string; message: string };
    return { code, message };
  }
  throw new Error('created');
}

const withContainer = (c: Partial<Container>): Partial<CreateContainerGroupRequest> => ({
  Container: [{ ...container(), ...c }],
});

describe('CreateContainerGroup: what a container may hold', () => {
  it('adds only NET_ADMIN and NET_RAW', async () => {
    const bad = await refusal(
      withContainer({ SecurityContext: { Capability: { Add: ['NET_ADMIN', 'SYS_ADMIN'] } } }),
    );
    expect(bad).toEqual({
      code: 'InvalidParameter',
      message:
        'Container.1.SecurityContext.Capability.Add.2: "SYS_ADMIN" cannot be added: ECI adds only NET_ADMIN and NET_RAW.',
    });
    const { sim } = makeSimulator();
    await expect(
      sim.createContainerGroup(
        request(withContainer({ SecurityContext: { Capability: { Add: ['NET_ADMIN', 'NET_RAW'] } } })),
      ),
    ).resolves.toBeDefined();
  });

  it('takes ReadOnlyRootFilesystem only as true', async () => {
    expect(
      await refusal(withContainer({ SecurityContext: { ReadOnlyRootFilesystem: false } })),
    ).toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringContaining(
        'Container.1.SecurityContext.ReadOnlyRootFilesystem: false is not supported',
      ),
    });
    const { sim } = makeSimulator();
    const ok = request(withContainer({ SecurityContext: { ReadOnlyRootFilesystem: true } }));
    await expect(sim.createContainerGroup(ok)).resolves.toBeDefined();
  });

  it('refuses a probe SuccessThreshold other than 1 and a period or timeout under 1 s', async () => {
    const probe = { TcpSocket: { Port: 80 } };
    expect(await refusal(withContainer({ ReadinessProbe: { ...probe, SuccessThreshold: 3 } }))).toMatchObject(
      {
        message: 'Container.1.ReadinessProbe.SuccessThreshold: 3 is not supported: it must currently be 1.',
      },
    );
    expect(await refusal(withContainer({ LivenessProbe: { ...probe, PeriodSeconds: 0 } }))).toMatchObject({
      message: 'Container.1.LivenessProbe.PeriodSeconds: 0 is below the minimum, 1.',
    });
  });

  it('references only status.podIP from an environment variable', async () => {
    const env = [{ Key: 'NODE', FieldRef: { FieldPath: 'spec.nodeName' } }];
    expect(await refusal(withContainer({ EnvironmentVar: env }))).toMatchObject({
      message:
        'Container.1.EnvironmentVar.1.FieldRef.FieldPath: "spec.nodeName" is not supported: only status.podIP is.',
    });
  });

  it('names duplicates with their own codes', async () => {
    const twice = { Container: [container(), container()] };
    expect(await refusal(twice)).toMatchObject({ code: 'InvalidParameter.DuplicatedName' });
    const v: Volume = { Name: 'v', Type: 'EmptyDirVolume', EmptyDirVolume: {} };
    expect(await refusal({ Volume: [v, v] })).toMatchObject({
      code: 'InvalidParameter.DuplicatedVolumeName',
    });
  });
});

describe('CreateContainerGroup: sysctls, IPv6 and volume sources', () => {
  it('takes the safe sysctls in SecurityContext and the allowed unsafe ones in HostSecurityContext', async () => {
    const { sim } = makeSimulator();
    const ok = request({
      SecurityContext: { Sysctl: [{ Name: 'net.ipv4.ping_group_range', Value: '0 65535' }] },
      HostSecurityContext: { Sysctl: [{ Name: 'net.core.somaxconn', Value: '1024' }] },
    });
    await expect(sim.createContainerGroup(ok)).resolves.toBeDefined();
    expect(
      await refusal({ SecurityContext: { Sysctl: [{ Name: 'net.core.somaxconn', Value: '1024' }] } }),
    ).toMatchObject({
      message: expect.stringContaining('"net.core.somaxconn" is not a safe sysctl'),
    });
    for (const name of ['net.ipv4.tcp_syncookies', 'kernel.shm_rmid_forced', 'vm.swappiness'])
      expect(await refusal({ HostSecurityContext: { Sysctl: [{ Name: name, Value: '1' }] } })).toMatchObject({
        message: expect.stringContaining(`HostSecurityContext.Sysctl.1.Name: "${name}" is not allowed`),
      });
  });

  it('fixes Ipv6AddressCount at 1', async () => {
    expect(await refusal({ Ipv6AddressCount: 2 })).toMatchObject({
      message: 'Ipv6AddressCount: 2 is not supported: it is fixed at 1.',
    });
  });

  it("needs each volume type's own fields, and only ECI's HostPath types, FlexVolume drivers and disk options", async () => {
    const cases: [Volume, string][] = [
      [{ Name: 'n', Type: 'NFSVolume' }, 'Volume.1.NFSVolume.Server'],
      [{ Name: 'n', Type: 'NFSVolume', NFSVolume: { Server: 'nas', Path: '' } }, 'Volume.1.NFSVolume.Path'],
      [{ Name: 'd', Type: 'DiskVolume' }, 'Volume.1.DiskVolume.DiskId'],
      [
        { Name: 'h', Type: 'HostPathVolume', HostPathVolume: { Path: '/d', Type: 'Socket' } },
        'Volume.1.HostPathVolume.Type',
      ],
      [
        { Name: 'f', Type: 'FlexVolume', FlexVolume: { Driver: 'example/driver' } },
        'Volume.1.FlexVolume.Driver',
      ],
      [
        { Name: 'f', Type: 'FlexVolume', FlexVolume: { Driver: 'alicloud/disk', Options: '{}' } },
        'Volume.1.FlexVolume.Options: names no disk: set volumeId to mount a disk, or volumeSize (GiB) to create one.',
      ],
      [
        {
          Name: 'f',
          Type: 'FlexVolume',
          FlexVolume: { Driver: 'alicloud/disk', Options: '{"volumeSize":"10"}' },
        },
        'Volume.1.FlexVolume.Options.volumeSize: "10" is not a disk size: give 20 to 32768 GiB.',
      ],
      [
        { Name: 'f', Type: 'FlexVolume', FlexVolume: { Driver: 'alicloud/disk', Options: 'volumeId=d-1' } },
        'Volume.1.FlexVolume.Options: is not JSON',
      ],
      [
        {
          Name: 'f',
          Type: 'FlexVolume',
          FlexVolume: { Driver: 'alicloud/disk', FsType: 'btrfs', Options: '{"volumeId":"d-1"}' },
        },
        'Volume.1.FlexVolume.FsType: "btrfs" is not one of ext4, ext3, xfs, vfat.',
      ],
    ];
    for (const [volume, parameter] of cases)
      expect((await refusal({ Volume: [volume] })).message).toContain(parameter);
  });

  it('takes a disk by volumeId, or a new one of volumeSize GiB', async () => {
    const { sim } = makeSimulator();
    for (const Options of ['{"volumeId":"d-bp1disk"}', '{"volumeSize":"50","performanceLevel":"PL1"}'])
      await expect(
        sim.createContainerGroup(
          request({
            Volume: [{ Name: 'f', Type: 'FlexVolume', FlexVolume: { Driver: 'alicloud/disk', Options } }],
          }),
        ),
      ).resolves.toMatchObject({ ContainerGroupId: expect.stringMatching(/^eci-/) });
  });
});
