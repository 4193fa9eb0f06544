import type { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';
import { groupOf, makeSimulator, request } from './helpers.js';

const HOUR = 3600_000;

/** Creates, lets it run, and returns its IntranetIp. */
async function ipOf(sim: EciSimulator, clock: ManualClock, r = request()): Promise<[string, string]> {
  const { ContainerGroupId: id } = await sim.createContainerGroup(r);
  clock.advance(60_000);
  return [id, (await groupOf(sim, id)).IntranetIp ?? ''];
}

/** Deleted and gone (past Terminating). */
async function gone(sim: EciSimulator, clock: ManualClock, id: string): Promise<void> {
  await sim.deleteContainerGroup(id);
  clock.advance(120_000);
}

describe('PrivateIpAddress (annotation eci-private-ip-address)', () => {
  it('the group gets that address, in the vSwitch whose block holds it, shown as IntranetIp', async () => {
    const { sim, clock } = makeSimulator();
    const [first] = await ipOf(sim, clock, request({ VSwitchId: 'vsw-hangzhou-b' }));
    const cidr = (await sim.describeVSwitches(['vsw-hangzhou-c']))[0].CidrBlock;
    const wanted = cidr.replace(/\.0\/20$/, '.77');
    const [id, ip] = await ipOf(
      sim,
      clock,
      request({
        ContainerGroupName: 'pinned',
        VSwitchId: 'vsw-hangzhou-b,vsw-hangzhou-c',
        PrivateIpAddress: wanted,
      }),
    );
    expect(ip).toBe(wanted);
    expect(await groupOf(sim, id)).toMatchObject({ VSwitchId: 'vsw-hangzhou-c', ZoneId: 'cn-hangzhou-c' });
    expect(first).not.toBe(wanted);
  });

  it('an address in use, or outside every vSwitch, is refused naming the parameter', async () => {
    const { sim, clock } = makeSimulator();
    const [, taken] = await ipOf(sim, clock);
    await expect(
      sim.createContainerGroup(request({ ContainerGroupName: 'bb', PrivateIpAddress: taken })),
    ).rejects.toMatchObject({
      kind: 'InvalidParameter',
      code: 'InvalidParameter.PrivateIpAddress.Duplicated',
      message: expect.stringContaining(`PrivateIpAddress: "${taken}" is in use`),
    });
    await expect(
      sim.createContainerGroup(request({ ContainerGroupName: 'cc', PrivateIpAddress: '10.0.0.5' })),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        /PrivateIpAddress: "10.0.0.5" is in none of the vSwitches vsw-hangzhou-b \(192\.168\./,
      ),
    });
  });

  it('the next allocation skips a claimed address, and a released one is free again', async () => {
    const { sim, clock } = makeSimulator();
    const [a, first] = await ipOf(sim, clock);
    const next = first.replace(/\d+$/, (d) => String(Number(d) + 1));
    const [pinned] = await ipOf(sim, clock, request({ ContainerGroupName: 'pp', PrivateIpAddress: next }));
    const [, third] = await ipOf(sim, clock, request({ ContainerGroupName: 'qq' }));
    expect(third).not.toBe(next);
    await gone(sim, clock, pinned);
    await gone(sim, clock, a);
    await expect(
      ipOf(sim, clock, request({ ContainerGroupName: 'rr', PrivateIpAddress: next })),
    ).resolves.toEqual([expect.any(String), next]);
  });
});

describe('FixedIp / FixedIpRetainHour (annotations eci-fixed-ip, eci-fixed-ip-retain-hour)', () => {
  const fixed = (extra = {}) => request({ ContainerGroupName: 'db-0', FixedIp: 'true', ...extra });

  it('a group re-created under the same name gets the same address; another group never takes it', async () => {
    const { sim, clock } = makeSimulator();
    const [id, ip] = await ipOf(sim, clock, fixed());
    await gone(sim, clock, id);
    const [, other] = await ipOf(sim, clock, request({ ContainerGroupName: 'other' }));
    expect(other).not.toBe(ip);
    const [, again] = await ipOf(sim, clock, fixed());
    expect(again).toBe(ip);
  });

  it('the address is let go after the retention (48 h by default, or FixedIpRetainHour)', async () => {
    const { sim, clock } = makeSimulator();
    const [a, ip] = await ipOf(sim, clock, fixed({ FixedIpRetainHour: 1 }));
    await gone(sim, clock, a);
    const pinned = (name: string) => request({ ContainerGroupName: name, PrivateIpAddress: ip });
    await expect(sim.createContainerGroup(pinned('nn'))).rejects.toMatchObject({
      code: 'InvalidParameter.PrivateIpAddress.Duplicated',
    });
    clock.advance(2 * HOUR);
    await expect(ipOf(sim, clock, pinned('mm'))).resolves.toEqual([expect.any(String), ip]);

    const [b, kept] = await ipOf(sim, clock, fixed({ ContainerGroupName: 'db-1' }));
    await gone(sim, clock, b);
    clock.advance(47 * HOUR);
    await expect(ipOf(sim, clock, fixed({ ContainerGroupName: 'db-1' }))).resolves.toEqual([
      expect.any(String),
      kept,
    ]);
  });

  it('without FixedIp the address goes back to the pool', async () => {
    const { sim, clock } = makeSimulator();
    const [id, ip] = await ipOf(sim, clock, request({ ContainerGroupName: 'db-0' }));
    await gone(sim, clock, id);
    await expect(
      ipOf(sim, clock, request({ ContainerGroupName: 'xx', PrivateIpAddress: ip })),
    ).resolves.toEqual([expect.any(String), ip]);
  });
});
