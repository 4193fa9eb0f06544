/**
 * Malformed calls to the simulator's ECI OpenAPI endpoint (signed V1 requests as the Go SDK sends
 * them): each row is the flattened parameters and the ECI error code and message the caller gets.
 * Nothing reaches the engine unless the call is well-formed.
 */
import { EciSimulator } from '../../../providers/simulator/index.js';
import { callV1, createParams, REGION, startServer, type RunningServer } from '../openapi/helpers.js';

let server: RunningServer;
let sim: EciSimulator;

beforeAll(async () => {
  sim = new EciSimulator({ speed: 0, regionId: REGION });
  server = await startServer(sim);
});
afterAll(async () => {
  await server.close();
  await sim.close();
});

const region = { RegionId: REGION };
type Row = [string, string, Record<string, string>, number, string, string | RegExp];

const rows: Row[] = [
  ['no Action', '', {}, 400, 'MissingParameter', '"Action"'],
  [
    'an unknown action',
    'CreateEverything',
    region,
    404,
    'InvalidAction.NotFound',
    'Specified api CreateEverything is not found',
  ],
  [
    'an action name from Object.prototype',
    'constructor',
    region,
    404,
    'InvalidAction.NotFound',
    'constructor',
  ],
  [
    'another API version',
    'DescribeContainerGroups',
    { ...region, Version: '2014-05-26' },
    400,
    'InvalidVersion',
    'ECI serves 2018-08-08',
  ],
  ['no RegionId', 'DescribeContainerGroups', {}, 400, 'MissingParameter', '"RegionId"'],
  [
    'another region',
    'DescribeContainerGroups',
    { RegionId: 'cn-beijing' },
    400,
    'InvalidRegionId',
    'use "cn-hangzhou"',
  ],
  [
    'Cpu=two',
    'CreateContainerGroup',
    createParams('grp', { Cpu: 'two', Memory: '4' }),
    400,
    'InvalidParameter',
    'The parameter Cpu has an invalid value "two": expected a number',
  ],
  [
    'Memory=1e3',
    'CreateContainerGroup',
    createParams('grp', { Cpu: '2', Memory: '1e3' }),
    400,
    'InvalidParameter',
    'The parameter Memory has an invalid value "1e3"',
  ],
  [
    'Cpu=NaN',
    'CreateContainerGroup',
    createParams('grp', { Cpu: 'NaN', Memory: '4' }),
    400,
    'InvalidParameter',
    'The parameter Cpu has an invalid value "NaN"',
  ],
  [
    'a port that is a word',
    'CreateContainerGroup',
    createParams('grp', { 'Container.1.Port.1.Port': 'eighty' }),
    400,
    'InvalidParameter',
    'Container.1.Port.1.Port has an invalid value "eighty"',
  ],
  [
    'reserved port 10250',
    'CreateContainerGroup',
    createParams('grp', { 'Container.1.Port.1.Port': '10250' }),
    400,
    'InvalidParameter',
    /10250 is reserved by ECI/,
  ],
  [
    'a list entry numbered 0',
    'CreateContainerGroup',
    createParams('grp', { 'Container.0.Name': 'x' }),
    400,
    'InvalidParameter',
    'its entries are numbered from 1, e.g. Container.1',
  ],
  [
    'a list entry named a',
    'CreateContainerGroup',
    createParams('grp', { 'Container.a.Name': 'x' }),
    400,
    'InvalidParameter',
    'Container.a',
  ],
  [
    'a value and a prefix at once',
    'CreateContainerGroup',
    createParams('grp', { 'Container.1.Name.x': 'y' }),
    400,
    'InvalidParameter',
    'given both as a value and as the prefix',
  ],
  [
    'an empty segment',
    'CreateContainerGroup',
    createParams('grp', { 'Container..Name': 'x' }),
    400,
    'InvalidParameter',
    'dot-separated segments',
  ],
  [
    'a scalar sent as nested',
    'CreateContainerGroup',
    createParams('grp', { 'Cpu.1': '2' }),
    400,
    'InvalidParameter',
    'expected a single value, not nested parameters',
  ],
  [
    'a boolean that is yes',
    'CreateContainerGroup',
    createParams('grp', { AutoCreateEip: 'yes' }),
    400,
    'InvalidParameter',
    'expected true or false',
  ],
  [
    'a container without an image',
    'CreateContainerGroup',
    { ...createParams('grp'), 'Container.1.Image': '' },
    400,
    'MissingParameter',
    'Container.1.Image',
  ],
  [
    'a tag without a key',
    'CreateContainerGroup',
    createParams('grp', { 'Tag.1.Value': 'v' }),
    400,
    'MissingParameter',
    'Tag.1.Key',
  ],
  [
    'a 65-character ClientToken',
    'CreateContainerGroup',
    createParams('grp', { ClientToken: 't'.repeat(65) }),
    400,
    'InvalidParameter',
    'ClientToken',
  ],
  [
    'an upper-case group name',
    'CreateContainerGroup',
    createParams('Web'),
    400,
    'InvalidParameter',
    'ContainerGroupName',
  ],
  [
    'a subnet as vSwitch',
    'CreateContainerGroup',
    createParams('grp', { VSwitchId: 'subnet-1' }),
    400,
    'InvalidParameter',
    '"subnet-1" is not a vSwitch ID',
  ],
  [
    'a spec larger than any',
    'CreateContainerGroup',
    createParams('grp', { Cpu: '64', Memory: '1024' }),
    400,
    'InvalidParameter',
    'is larger than any ECI spec',
  ],
  [
    'a fraction where ECI takes a whole number',
    'DescribeContainerGroups',
    { ...region, Limit: '1.5' },
    400,
    'InvalidParameter',
    'Limit',
  ],
  [
    'ContainerGroupIds that are not JSON',
    'DescribeContainerGroups',
    { ...region, ContainerGroupIds: 'eci-a,eci-b' },
    400,
    'InvalidParameter',
    'expected a JSON array of strings',
  ],
  [
    'ContainerGroupIds as a JSON object',
    'DescribeContainerGroups',
    { ...region, ContainerGroupIds: '{"a":1}' },
    400,
    'InvalidParameter',
    'expected a JSON array of strings',
  ],
  [
    'Limit=0',
    'DescribeContainerGroups',
    { ...region, Limit: '0' },
    400,
    'InvalidParameter',
    'expected at least 1',
  ],
  [
    'Limit=21',
    'DescribeContainerGroups',
    { ...region, Limit: '21' },
    400,
    'InvalidParameter',
    'expected at most 20',
  ],
  [
    'SinceSecond=-5',
    'DescribeContainerGroupStatus',
    { ...region, SinceSecond: '-5' },
    400,
    'InvalidParameter',
    'expected at least 0',
  ],
  [
    'deleting a group that does not exist',
    'DeleteContainerGroup',
    { ...region, ContainerGroupId: 'eci-nope' },
    404,
    'InvalidParameter.NotFound',
    'eci-nope',
  ],
];

describe('malformed OpenAPI calls', () => {
  test.each(rows)('%s', async (_what, action, params, status, code, message) => {
    const res = await callV1(server.url, action, params);
    expect({ status: res.status, code: res.body.Code }).toEqual({ status, code });
    if (typeof message === 'string') expect(res.body.Message).toContain(message);
    else expect(res.body.Message).toMatch(message);
    expect(res.body.RequestId).toEqual(expect.any(String));
  });

  // Unknown parameters are ignored, as ECI does; a name from Object.prototype must be no different.
  test.each([['constructor.x']])('an unknown parameter %s is ignored, not a 500', async (name) => {
    const res = await callV1(server.url, 'DescribeContainerGroups', { ...region, [name]: '1' });
    expect({ status: res.status, code: res.body.Code }).toEqual({ status: 200, code: undefined });
  });

  test('nothing was created by any of them', async () => {
    expect(await sim.describeContainerGroups({})).toEqual([]);
  });
});

describe('parameters ECI does not declare', () => {
  // ECI declares only the flattened names (Tag.N.Key): a single value under a list's or an object's
  // name is one more unknown parameter. The Go SDK sends the two probe ones with every create.
  test('single values for lists and objects are ignored as ECI ignores them, in the call the Go SDK makes', async () => {
    const goSdkCreate = createParams('go-sdk', {
      Tag: 'a=b',
      'Container.1.LivenessProbe.Exec.Command': '<[]string Value>',
      'Container.1.ReadinessProbe.Exec.Command': '<[]string Value>',
    });
    const res = await callV1(server.url, 'CreateContainerGroup', goSdkCreate);
    expect({ status: res.status, code: res.body.Code }).toEqual({ status: 200, code: undefined });
    const [group] = await sim.describeContainerGroups({
      ContainerGroupIds: [String(res.body.ContainerGroupId)],
    });
    expect(group?.Tags ?? []).toEqual([]);
    expect(group?.Containers[0]?.LivenessProbe).toBeUndefined();
    expect(group?.Containers[0]?.ReadinessProbe).toBeUndefined();
    await sim.deleteContainerGroup(String(res.body.ContainerGroupId));
  });
});

describe('calls with bad credentials', () => {
  test.each([
    ['an unknown access key', { accessKeyId: 'stolen' }, 'InvalidAccessKeyId.NotFound'],
    ['a wrong secret', { secret: 'guess' }, 'SignatureDoesNotMatch'],
  ])('%s', async (_what, opts, code) => {
    const res = await callV1(server.url, 'DescribeContainerGroups', region, opts);
    expect(res.body.Code).toBe(code);
  });

  test('a replayed nonce', async () => {
    await callV1(server.url, 'DescribeContainerGroups', region, { nonce: 'n-1' });
    const res = await callV1(server.url, 'DescribeContainerGroups', region, { nonce: 'n-1' });
    expect(res.body.Code).toBe('SignatureNonceUsed');
  });

  test('no signature at all', async () => {
    const res = await fetch(
      `${server.url}/?Action=DescribeContainerGroups&Version=2018-08-08&RegionId=${REGION}&Format=JSON`,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { Code: string }).Code).toMatch(/^(IncompleteSignature|MissingParameter)/);
  });
});

describe('bad test controls (/_sim)', () => {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}/_sim/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { error?: string } };
  };

  test.each([
    ['faults', { errorRate: 2 }, 'errorRate must be a number between 0 and 1, got 2'],
    ['faults', { errorRate: '10%' }, 'errorRate must be a number between 0 and 1, got "10%"'],
    ['faults', { latencyMs: -5 }, 'latencyMs must be a number between 0 and any, got -5'],
    ['faults', { throttle: 'on' }, 'throttle must be true or false, got "on"'],
    [
      'faults',
      { errorrate: 0.1 },
      'unknown fault settings errorrate: use errorRate, latencyMs, timeoutRate, timeoutMs, throttle, refuseUpdates',
    ],
    ['stock', { available: 3 }, 'zoneId must be a zone ID, e.g. cn-hangzhou-b'],
    [
      'stock',
      { zoneId: 'cn-hangzhou-b', available: -1 },
      'available must be a whole number >= 0 or "unlimited", got -1',
    ],
    [
      'stock',
      { zoneId: 'cn-hangzhou-b', available: 1.5 },
      'available must be a whole number >= 0 or "unlimited", got 1.5',
    ],
    [
      'stock',
      { zoneId: 'cn-hangzhou-b', available: 1, spec: 4 },
      'spec must be a string like 2-4Gi or ecs.c6.large',
    ],
    [
      'no-stock',
      { shows: 'ScheduleFailed' },
      'shows must be "error" or "scheduleFailed", got "ScheduleFailed"',
    ],
    ['no-stock', {}, 'shows must be "error" or "scheduleFailed", got undefined'],
  ])('/_sim/%s %j → 400', async (path, body, error) => {
    const res = await post(path, body);
    expect(res).toEqual({ status: 400, body: { error } });
  });
});
