/**
 * VPC DescribeVSwitches (2016-04-28) on the simulator's OpenAPI endpoint, signed V1 as the Go SDK
 * and aliyun CLI send it (the V3 path of the official TS SDK is the contract suite's over HTTP).
 */
import * as vpcSdk from '@alicloud/vpc20160428';
import { EciSimulator } from '../../../providers/simulator/index.js';
import { callV1, createParams, REGION, startServer, type RunningServer } from './helpers.js';
import { strayFields } from './model-walk.js';

let server: RunningServer;
let sim: EciSimulator;

beforeAll(async () => {
  sim = new EciSimulator({
    speed: 0,
    regionId: REGION,
    vSwitchZones: {
      'vsw-bp1aaa': 'cn-hangzhou-k',
      'vsw-bp1bbb': 'cn-hangzhou-j',
      'vsw-bp1ccc': 'cn-hangzhou-k',
    },
    unlistedVSwitches: 'missing',
  });
  server = await startServer(sim);
});
afterAll(async () => {
  await server.close();
  await sim.close();
});

const VPC = { Version: '2016-04-28' };
const describe$ = (params: Record<string, string>) =>
  callV1(server.url, 'DescribeVSwitches', { ...VPC, RegionId: REGION, ...params });

test('a vSwitch by ID: its zone, VPC, CIDR and free addresses, in the wire names of the SDK model', async () => {
  const res = await describe$({ VSwitchId: 'vsw-bp1aaa' });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    RequestId: expect.any(String),
    TotalCount: 1,
    PageNumber: 1,
    PageSize: 10,
    VSwitches: {
      VSwitch: [
        {
          VSwitchId: 'vsw-bp1aaa',
          ZoneId: 'cn-hangzhou-k',
          VpcId: 'vpc-sim-cn-hangzhou',
          CidrBlock: expect.stringMatching(/^192\.168\.\d+\.0\/20$/),
          Status: 'Available',
          AvailableIpAddressCount: 4092,
          IsDefault: false,
        },
      ],
    },
  });
  expect(strayFields(res.body, vpcSdk.DescribeVSwitchesResponseBody)).toEqual([]);
});

test('an unknown ID is what the real API answers: 200 with an empty list, not an error', async () => {
  const res = await describe$({ VSwitchId: 'vsw-2ze0doesnotexist' });
  expect(res).toMatchObject({ status: 200, body: { TotalCount: 0, VSwitches: { VSwitch: [] } } });
});

test('without VSwitchId: every vSwitch of the region, filtered by ZoneId, paged by PageSize', async () => {
  const all = await describe$({});
  expect((all.body.VSwitches as { VSwitch: unknown[] }).VSwitch).toHaveLength(3);
  const page = await describe$({ ZoneId: 'cn-hangzhou-k', PageSize: '1', PageNumber: '2' });
  expect(page.body).toMatchObject({
    TotalCount: 2,
    PageNumber: 2,
    PageSize: 1,
    VSwitches: { VSwitch: [expect.objectContaining({ VSwitchId: 'vsw-bp1ccc' })] },
  });
  expect(strayFields(page.body, vpcSdk.DescribeVSwitchesResponseBody)).toEqual([]);
});

test('filters no simulated vSwitch carries match nothing; PageSize above 50 names PageSize', async () => {
  const named = await describe$({ VSwitchName: 'prod' });
  expect(named.body).toMatchObject({ TotalCount: 0 });
  const big = await describe$({ PageSize: '51' });
  expect(big).toMatchObject({ status: 400, body: { Code: 'InvalidParameter' } });
  expect(String(big.body.Message)).toContain('PageSize');
});

test('RegionId of another region is refused; VpcId alone is enough', async () => {
  const other = await callV1(server.url, 'DescribeVSwitches', { ...VPC, RegionId: 'cn-beijing' });
  expect(other).toMatchObject({ status: 400, body: { Code: 'InvalidRegionId' } });
  const byVpc = await callV1(server.url, 'DescribeVSwitches', { ...VPC, VpcId: 'vpc-sim-cn-hangzhou' });
  expect(byVpc.body).toMatchObject({ TotalCount: 3 });
  const none = await callV1(server.url, 'DescribeVSwitches', VPC);
  expect(none).toMatchObject({ status: 400, body: { Code: 'MissingParameter' } });
});

test('DryRun=true answers DryRunOperation', async () => {
  const res = await describe$({ DryRun: 'true' });
  expect(res).toMatchObject({ status: 400, body: { Code: 'DryRunOperation' } });
});

describe('product and version must agree, as the gateway requires', () => {
  test("a VPC action with ECI's version is not found in ECI's API, naming the version it needs", async () => {
    const res = await describe$({ Version: '2018-08-08', VSwitchId: 'vsw-bp1aaa' });
    expect(res).toMatchObject({ status: 404, body: { Code: 'InvalidAction.NotFound' } });
    expect(String(res.body.Message)).toContain('DescribeVSwitches is in Vpc Version=2016-04-28');
  });

  test("an ECI action with VPC's version is not found in VPC's API; the error names VPC's host", async () => {
    const res = await callV1(server.url, 'CreateContainerGroup', { ...createParams('grp'), ...VPC });
    expect(res).toMatchObject({
      status: 404,
      body: { Code: 'InvalidAction.NotFound', HostId: `vpc.${REGION}.aliyuncs.com` },
    });
    expect(String(res.body.Message)).toContain('CreateContainerGroup is in Eci Version=2018-08-08');
    expect(String(res.body.Recommend)).toContain('product=Vpc');
    expect(await sim.describeContainerGroups({})).toEqual([]);
  });

  test('a version neither product has is InvalidVersion naming what is served', async () => {
    const res = await describe$({ Version: '2014-05-26' });
    expect(res).toMatchObject({ status: 400, body: { Code: 'InvalidVersion' } });
    expect(String(res.body.Message)).toContain('VPC serves 2016-04-28');
  });
});
