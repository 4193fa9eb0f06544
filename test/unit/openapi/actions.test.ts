import { FakeBackend } from '../contract/fake-backend.js';
import { REGION, callV1, createParams, startServer, type RunningServer } from './helpers.js';

let server: RunningServer;
let backend: FakeBackend;

beforeEach(async () => {
  backend = new FakeBackend();
  server = await startServer(backend);
});
afterEach(() => server.close());

async function createGroups(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await callV1(
      server.url,
      'CreateContainerGroup',
      createParams(`g-${i}`, { 'Tag.1.Key': 'batch', 'Tag.1.Value': 'b1' }),
    );
    ids.push(String(res.body.ContainerGroupId));
  }
  return ids;
}

describe('CreateContainerGroup', () => {
  test('the engine receives typed values: Cpu and ports are numbers', async () => {
    await callV1(
      server.url,
      'CreateContainerGroup',
      createParams('typed', { Cpu: '2', Memory: '4', 'Container.1.Port.1.Port': '80' }),
    );
    expect(backend.requests[0]).toMatchObject({ Cpu: 2, Memory: 4, Container: [{ Port: [{ Port: 80 }] }] });
  });

  test('a RegionId this endpoint does not serve is refused naming RegionId', async () => {
    const res = await callV1(server.url, 'DescribeContainerGroupStatus', { RegionId: 'cn-beijing' });
    expect(res).toMatchObject({
      status: 400,
      body: { Code: 'InvalidRegionId', Message: expect.stringContaining('RegionId') },
    });
  });

  test('a missing RegionId is MissingParameter', async () => {
    const res = await callV1(server.url, 'DescribeContainerGroups', {});
    expect(res.body).toMatchObject({
      Code: 'MissingParameter',
      Message: expect.stringContaining('RegionId'),
    });
  });

  test('engine errors keep their ECI code and get its HTTP status: no stock is 403', async () => {
    const stock = await fetch(`${server.url}/_sim/stock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ zoneId: `${REGION}-b`, available: 0 }),
    });
    expect(stock.status).toBe(200);
    const res = await callV1(server.url, 'CreateContainerGroup', createParams('no-stock'));
    expect(res).toMatchObject({ status: 403, body: { Code: 'OperationDenied.NoStock' } });
  });
});

describe('paging and limits', () => {
  test('DescribeContainerGroups pages by 20 with NextToken until every group is seen once', async () => {
    const ids = await createGroups(25);
    const first = await callV1(server.url, 'DescribeContainerGroups', { RegionId: REGION });
    expect(first.body).toMatchObject({ TotalCount: 25 });
    expect(first.body.ContainerGroups).toHaveLength(20);
    expect(first.body.NextToken).not.toBe('');
    const second = await callV1(server.url, 'DescribeContainerGroups', {
      RegionId: REGION,
      NextToken: String(first.body.NextToken),
    });
    expect(second.body.ContainerGroups).toHaveLength(5);
    expect(second.body.NextToken).toBe('');
    const seen = [first, second].flatMap((r) =>
      (r.body.ContainerGroups as { ContainerGroupId: string }[]).map((g) => g.ContainerGroupId),
    );
    expect(seen.sort()).toEqual(ids.sort());
  });

  test('a Limit above 20 is InvalidParameter naming Limit', async () => {
    const res = await callV1(server.url, 'DescribeContainerGroups', { RegionId: REGION, Limit: '21' });
    expect(res.body).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining('Limit') });
  });

  test('more than 20 ContainerGroupIds is InvalidParameter naming ContainerGroupIds', async () => {
    const ids = JSON.stringify(Array.from({ length: 21 }, (_, i) => `eci-${i}`));
    const res = await callV1(server.url, 'DescribeContainerGroupStatus', {
      RegionId: REGION,
      ContainerGroupIds: ids,
    });
    expect(res.body).toMatchObject({
      Code: 'InvalidParameter',
      Message: expect.stringContaining('ContainerGroupIds'),
    });
  });

  test('ContainerGroupIds that is not a JSON array names the parameter and the expected form', async () => {
    const res = await callV1(server.url, 'DescribeContainerGroups', {
      RegionId: REGION,
      ContainerGroupIds: 'eci-1,eci-2',
    });
    expect(res.body).toMatchObject({
      Code: 'InvalidParameter',
      Message: expect.stringContaining('JSON array'),
    });
  });

  test('a forged NextToken is refused', async () => {
    const res = await callV1(server.url, 'DescribeContainerGroupStatus', {
      RegionId: REGION,
      NextToken: 'garbage',
    });
    expect(res.body).toMatchObject({
      Code: 'InvalidParameter',
      Message: expect.stringContaining('NextToken'),
    });
  });
});

describe('status, events, exec, metrics, regions', () => {
  test('DescribeContainerGroupStatus answers Kubernetes-shaped conditions with their lower-case wire keys', async () => {
    await createGroups(1);
    const res = await callV1(server.url, 'DescribeContainerGroupStatus', {
      RegionId: REGION,
      'Tag.1.Key': 'batch',
      'Tag.1.Value': 'b1',
    });
    const [record] = res.body.Data as { PodStatus: { Conditions: Record<string, string>[] } }[];
    expect(record?.PodStatus.Conditions[0]).toMatchObject({ type: 'Ready', status: 'True' });
  });

  test('DescribeContainerGroupEvents names the involved container', async () => {
    await createGroups(1);
    const res = await callV1(server.url, 'DescribeContainerGroupEvents', { RegionId: REGION });
    expect(res.body.Data).toEqual([
      expect.objectContaining({
        Events: [
          expect.objectContaining({ Reason: 'Started', involvedObject: { Kind: 'Container', Name: 'app' } }),
        ],
      }),
    ]);
  });

  test('DescribeContainerGroupEvents filters by EventSource and answers no NextToken', async () => {
    await createGroups(1);
    const call = (source: string) =>
      callV1(server.url, 'DescribeContainerGroupEvents', { RegionId: REGION, EventSource: source });
    const agent = await call('K8sAgent');
    expect(agent.body).not.toHaveProperty('NextToken');
    expect(agent.body.Data).toEqual([expect.objectContaining({ Events: [expect.anything()] })]);
    expect((await call('EciService')).body.Data).toEqual([expect.objectContaining({ Events: [] })]);
    expect((await call('Kubelet')).body).toMatchObject({ Code: 'InvalidParameter' });
  });

  test('ExecContainerCommand with Sync=true answers SyncResponse; without it names Sync', async () => {
    const [id] = await createGroups(1);
    const base = {
      RegionId: REGION,
      ContainerGroupId: String(id),
      ContainerName: 'app',
      Command: '["echo","hi"]',
    };
    expect((await callV1(server.url, 'ExecContainerCommand', { ...base, Sync: 'true' })).body).toMatchObject({
      SyncResponse: 'hi\n',
    });
    expect((await callV1(server.url, 'ExecContainerCommand', base)).body).toMatchObject({
      Code: 'InvalidParameter',
      Message: expect.stringContaining('Sync'),
    });
  });

  test('DescribeContainerGroupMetric filters records by StartTime', async () => {
    const [id] = await createGroups(1);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const res = await callV1(server.url, 'DescribeContainerGroupMetric', {
      RegionId: REGION,
      ContainerGroupId: String(id),
      StartTime: future,
    });
    expect(res.body).toMatchObject({ ContainerGroupId: id, Records: [] });
  });

  test('RestartContainerGroup reaches the engine', async () => {
    const [id] = await createGroups(1);
    expect(
      (await callV1(server.url, 'RestartContainerGroup', { RegionId: REGION, ContainerGroupId: String(id) }))
        .status,
    ).toBe(200);
    expect(backend.restarted).toEqual([id]);
  });

  test('an action the backend lacks is InvalidAction.NotFound', async () => {
    const fake = backend as { restartContainerGroup?: unknown };
    fake.restartContainerGroup = undefined;
    const res = await callV1(server.url, 'RestartContainerGroup', {
      RegionId: REGION,
      ContainerGroupId: 'eci-x',
    });
    expect(res).toMatchObject({ status: 404, body: { Code: 'InvalidAction.NotFound' } });
  });

  test('DescribeRegions lists the region served', async () => {
    const res = await callV1(server.url, 'DescribeRegions', {});
    expect(res.body.Regions).toEqual([
      expect.objectContaining({ RegionId: REGION, RegionEndpoint: `eci.${REGION}.aliyuncs.com` }),
    ]);
  });

  test('deleting an unknown group is a 404 with the engine code', async () => {
    const res = await callV1(server.url, 'DeleteContainerGroup', {
      RegionId: REGION,
      ContainerGroupId: 'eci-none',
    });
    expect(res).toMatchObject({ status: 404, body: { Code: 'InvalidParameter.NotFound' } });
  });
});

describe('admin and health routes', () => {
  test('/healthz answers 200 without a signature', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test('/_sim/groups lists every group', async () => {
    await createGroups(3);
    const body = (await (await fetch(`${server.url}/_sim/groups`)).json()) as {
      ContainerGroups: unknown[];
      TotalCount: number;
    };
    expect(body.TotalCount).toBe(3);
  });

  test('/_sim/faults refuses unknown settings and bad rates, naming them', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/_sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const unknown = await post({ errorRatio: 0.5 });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('errorRatio');
    const badRate = await post({ errorRate: 2 });
    expect(await badRate.text()).toContain('errorRate');
  });

  test('/_sim/stock validates its body', async () => {
    const res = await fetch(`${server.url}/_sim/stock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ zoneId: 'cn-hangzhou-b', available: -1 }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('available');
  });
});

test('the unsigned /_sim/ routes answer loopback peers only', async () => {
  const { isLoopback } = await import('../../../providers/simulator/openapi/admin.js');
  expect(['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
  expect(['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', '', undefined].some(isLoopback)).toBe(false);
});
