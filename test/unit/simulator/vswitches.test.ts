import { isBackendError } from '../../../providers/backend.js';
import { groupOf, makeSimulator, request } from './helpers.js';

describe('simulated vSwitches (VPC DescribeVSwitches)', () => {
  it('any well-formed ID exists by default, in the zone its mapping or ID gives, with a /20 of its own', async () => {
    const { sim } = makeSimulator({ vSwitchZones: { 'vsw-2ze23nqzig8inprou': 'cn-hangzhou-h' } });
    const [mapped, lettered] = await sim.describeVSwitches(['vsw-2ze23nqzig8inprou', 'vsw-sim-hangzhou-c']);
    expect(mapped).toEqual({
      VSwitchId: 'vsw-2ze23nqzig8inprou',
      ZoneId: 'cn-hangzhou-h',
      VpcId: 'vpc-sim-cn-hangzhou',
      CidrBlock: '192.168.0.0/20',
      Status: 'Available',
      AvailableIpAddressCount: 4092,
    });
    expect(lettered).toMatchObject({ ZoneId: 'cn-hangzhou-c', CidrBlock: '192.168.16.0/20' });
  });

  it('a group takes an address of its vSwitch: one fewer is available, and the zones agree', async () => {
    const { sim } = makeSimulator();
    const { ContainerGroupId } = await sim.createContainerGroup(
      request({ VSwitchId: 'vsw-bp1-cn-hangzhou-k' }),
    );
    const group = await groupOf(sim, ContainerGroupId);
    const [vsw] = await sim.describeVSwitches(['vsw-bp1-cn-hangzhou-k']);
    expect(vsw).toMatchObject({ ZoneId: group.ZoneId, AvailableIpAddressCount: 4091 });
    expect(group.IntranetIp).toMatch(/^192\.168\.(1[0-5]|[0-9])\.\d+$/);
    expect(vsw?.CidrBlock).toBe('192.168.0.0/20');
  });

  it("with unlistedVSwitches 'missing', only the listed vSwitches exist; another ID is NotFound", async () => {
    const { sim } = makeSimulator({
      vSwitchZones: { 'vsw-listed': 'cn-hangzhou-j' },
      unlistedVSwitches: 'missing',
    });
    await expect(sim.describeVSwitches(['vsw-listed'])).resolves.toEqual([
      expect.objectContaining({ ZoneId: 'cn-hangzhou-j' }),
    ]);
    const err: unknown = await sim.describeVSwitches(['vsw-listed', 'vsw-typo']).catch((e: unknown) => e);
    expect(isBackendError(err, 'NotFound')).toBe(true);
    expect(err).toMatchObject({ code: 'InvalidVSwitchId.NotFound' });
    expect((err as Error).message).toContain('"vsw-typo" does not exist in region cn-hangzhou');
  });

  it('an ID that is not shaped like a vSwitch ID never exists', async () => {
    const { sim } = makeSimulator();
    await expect(sim.describeVSwitches(['vsw-UPPER'])).rejects.toMatchObject({ kind: 'NotFound' });
  });

  it('lists the listed vSwitches and those made on first use', async () => {
    const { sim } = makeSimulator({ vSwitchZones: { 'vsw-listed': 'cn-hangzhou-j' } });
    await sim.createContainerGroup(request({ VSwitchId: 'vsw-used-b' }));
    expect((await sim.listVSwitches()).map((v) => [v.VSwitchId, v.ZoneId])).toEqual([
      ['vsw-listed', 'cn-hangzhou-j'],
      ['vsw-used-b', 'cn-hangzhou-b'],
    ]);
  });
});
