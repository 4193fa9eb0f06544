/**
 * ZoneId, VSwitchId and ResourceGroupId narrow DescribeContainerGroupStatus and
 * DescribeContainerGroupEvents as they narrow DescribeContainerGroups, though neither answer carries
 * those fields; and a group's VpcId is its vSwitch's, as DescribeVSwitches says.
 */
import { EciSimulator } from '../../../providers/simulator/index.js';
import { callV1, createParams, REGION, startServer, type RunningServer } from './helpers.js';

let server: RunningServer;
let sim: EciSimulator;
const ids: Record<string, string> = {};

beforeAll(async () => {
  sim = new EciSimulator({
    speed: 0,
    regionId: REGION,
    vSwitchZones: { 'vsw-bp1aaa': 'cn-hangzhou-k', 'vsw-bp1bbb': 'cn-hangzhou-j' },
  });
  server = await startServer(sim);
  for (const [name, vsw] of [
    ['in-k', 'vsw-bp1aaa'],
    ['in-j', 'vsw-bp1bbb'],
  ]) {
    const res = await callV1(server.url, 'CreateContainerGroup', createParams(name, { VSwitchId: vsw }));
    ids[name] = String(res.body.ContainerGroupId);
  }
});
afterAll(async () => {
  await server.close();
  await sim.close();
});

const groupIds = (body: Record<string, unknown>): string[] =>
  (body.Data as { ContainerGroupId: string }[]).map((d) => d.ContainerGroupId).sort();

test.each(['DescribeContainerGroupStatus', 'DescribeContainerGroupEvents'])(
  '%s by ZoneId or VSwitchId answers only the groups placed there',
  async (action) => {
    const byZone = await callV1(server.url, action, { RegionId: REGION, ZoneId: 'cn-hangzhou-k' });
    expect(groupIds(byZone.body)).toEqual([ids['in-k']]);
    const byVSwitch = await callV1(server.url, action, { RegionId: REGION, VSwitchId: 'vsw-bp1bbb' });
    expect(groupIds(byVSwitch.body)).toEqual([ids['in-j']]);
    const all = await callV1(server.url, action, { RegionId: REGION });
    expect(groupIds(all.body)).toEqual([ids['in-k'], ids['in-j']].sort());
  },
);

test("a group's VpcId is the VpcId DescribeVSwitches gives its vSwitch", async () => {
  const groups = await callV1(server.url, 'DescribeContainerGroups', { RegionId: REGION });
  const group = (groups.body.ContainerGroups as { ContainerGroupId: string; VpcId: string }[]).find(
    (g) => g.ContainerGroupId === ids['in-k'],
  );
  const vsw = await callV1(server.url, 'DescribeVSwitches', {
    Version: '2016-04-28',
    RegionId: REGION,
    VSwitchId: 'vsw-bp1aaa',
  });
  const [listed] = (vsw.body.VSwitches as { VSwitch: { VpcId: string }[] }).VSwitch;
  expect(group?.VpcId).toBe(listed?.VpcId);
});

test('DescribeContainerGroups by SecurityGroupId answers only the groups in that security group', async () => {
  const other = await callV1(
    server.url,
    'CreateContainerGroup',
    createParams('in-sg-2', { SecurityGroupId: 'sg-2' }),
  );
  const otherId = String(other.body.ContainerGroupId);
  const bySg = async (sg: string) =>
    (
      (await callV1(server.url, 'DescribeContainerGroups', { RegionId: REGION, SecurityGroupId: sg })).body
        .ContainerGroups as { ContainerGroupId: string }[]
    )
      .map((g) => g.ContainerGroupId)
      .sort();
  expect(await bySg('sg-2')).toEqual([otherId]);
  expect(await bySg('sg-1')).toEqual([ids['in-k'], ids['in-j']].sort());
  expect(await bySg('sg-none')).toEqual([]);
});
