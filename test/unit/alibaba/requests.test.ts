import { createHash, createHmac } from 'node:crypto';
import nock from 'nock';
import { ENDPOINT, FULL_REQUEST, KEY, nockBackend, useNock } from './helpers.js';

useNock();

interface Captured {
  query: URLSearchParams;
  path: string;
  headers: Record<string, string>;
  body: string;
}

function capture(into: Captured[], reply: object) {
  nock(ENDPOINT)
    .post('/')
    .query(true)
    // nock 15 hands the reply function the intercepted fetch Request.
    .reply(async (request: Request) => {
      const url = new URL(request.url);
      into.push({
        path: url.pathname + url.search,
        query: url.searchParams,
        headers: Object.fromEntries(request.headers),
        body: await request.text(),
      });
      return [200, reply];
    });
}

test('a full CreateContainerGroup is flattened as ECI expects: 1-based lists, dotted objects, action in headers', async () => {
  const calls: Captured[] = [];
  capture(calls, { RequestId: 'R1', ContainerGroupId: 'eci-1' });
  const backend = await nockBackend();
  await expect(backend.createContainerGroup(FULL_REQUEST)).resolves.toEqual({
    ContainerGroupId: 'eci-1',
    RequestId: 'R1',
  });
  const [call] = calls;
  expect(call?.headers['x-acs-action']).toBe('CreateContainerGroup');
  expect(call?.headers['x-acs-version']).toBe('2018-08-08');
  expect(Object.fromEntries(call?.query ?? [])).toMatchObject({
    RegionId: 'cn-hangzhou',
    ClientToken: 'pod-uid-1234',
    Cpu: '2',
    'Tag.2.Key': 'PodName',
    'Tag.2.Value': 'web-0',
    'DnsConfig.NameServer.1': '10.0.0.10',
    'DnsConfig.Option.1.Name': 'ndots',
    'HostAliase.1.Hostname.2': 'db.local',
    'Volume.1.Type': 'ConfigFileVolume',
    'Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path': 'app.conf',
    'Volume.1.ConfigFileVolume.DefaultMode': '420',
    'Volume.2.EmptyDirVolume.Medium': 'Memory',
    'Container.1.Command.2': '-c',
    'Container.1.Arg.1': 'exec nginx -g "daemon off;"',
    'Container.1.Cpu': '1.5',
    'Container.1.EnvironmentVar.2.FieldRef.FieldPath': 'status.podIP',
    'Container.1.Port.1.Port': '80',
    'Container.1.VolumeMount.1.ReadOnly': 'true',
    'Container.1.ReadinessProbe.HttpGet.Path': '/healthz',
    'Container.1.LivenessProbe.Exec.Command.2': '/tmp/ok',
    'Container.1.StartupProbe.TcpSocket.Port': '80',
    'Container.1.SecurityContext.Capability.Add.1': 'NET_ADMIN',
    'InitContainer.1.Name': 'init',
  });
});

test("the annotations' fields reach the wire under the SDK model's names", async () => {
  const calls: Captured[] = [];
  capture(calls, { RequestId: 'R2', ContainerGroupId: 'eci-2' });
  const backend = await nockBackend();
  await backend.createContainerGroup({
    ...FULL_REQUEST,
    AutoCreateEip: true,
    EipISP: 'BGP_PRO',
    EipCommonBandwidthPackage: 'cbwp-1',
    Ipv6AddressCount: 1,
    Ipv6GatewayBandwidthEnable: true,
    Ipv6GatewayBandwidth: '100M',
    PrivateIpAddress: '172.16.0.1',
    FixedIp: 'true',
    FixedIpRetainHour: 24,
    IngressBandwidth: 40_000_000,
    EgressBandwidth: 2048,
    PlainHttpRegistry: 'harbor.local,10.0.0.5:5000',
    InsecureRegistry: 'harbor.local',
    AcrRegistryInfo: [{ InstanceId: 'cri-a', RegionId: 'cn-beijing', ArnUser: 'acs:ram::1:role/r' }],
    CorePattern: '/pod/data/dump/core',
    CpuOptionsCore: 2,
    CpuOptionsThreadsPerCore: 1,
    ResourceGroupId: 'rg-acfm',
    DataCacheBucket: 'default',
    DataCachePL: 'PL2',
    DataCacheProvisionedIops: 40000,
    DataCacheBurstingEnabled: true,
    CpuArchitecture: 'ARM64',
    Volume: [{ Name: 'model', Type: 'HostPathVolume', HostPathVolume: { Path: '/model/qwen-7b' } }],
  });
  expect(Object.fromEntries(calls[0]?.query ?? [])).toMatchObject({
    EipISP: 'BGP_PRO',
    EipCommonBandwidthPackage: 'cbwp-1',
    Ipv6AddressCount: '1',
    Ipv6GatewayBandwidthEnable: 'true',
    Ipv6GatewayBandwidth: '100M',
    PrivateIpAddress: '172.16.0.1',
    FixedIp: 'true',
    FixedIpRetainHour: '24',
    IngressBandwidth: '40000000',
    EgressBandwidth: '2048',
    PlainHttpRegistry: 'harbor.local,10.0.0.5:5000',
    InsecureRegistry: 'harbor.local',
    'AcrRegistryInfo.1.InstanceId': 'cri-a',
    'AcrRegistryInfo.1.RegionId': 'cn-beijing',
    'AcrRegistryInfo.1.ArnUser': 'acs:ram::1:role/r',
    CorePattern: '/pod/data/dump/core',
    CpuOptionsCore: '2',
    CpuOptionsThreadsPerCore: '1',
    ResourceGroupId: 'rg-acfm',
    DataCacheBucket: 'default',
    DataCachePL: 'PL2',
    DataCacheProvisionedIops: '40000',
    DataCacheBurstingEnabled: 'true',
    // The SDK model's own field (cpuArchitecture), not an extra query: ARM virtual nodes need it.
    CpuArchitecture: 'ARM64',
    'Volume.1.Type': 'HostPathVolume',
    'Volume.1.HostPathVolume.Path': '/model/qwen-7b',
  });
});

test('the ACS3-HMAC-SHA256 Authorization header verifies when recomputed from the request as sent', async () => {
  const calls: Captured[] = [];
  capture(calls, { RequestId: 'R1', ContainerGroups: [], NextToken: '', TotalCount: 0 });
  const backend = await nockBackend();
  await backend.describeContainerGroups({ Tags: [{ Key: 'k', Value: 'v w' }] });
  const call = calls[0];
  if (!call) throw new Error('no request captured');
  const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
    call.headers.authorization ?? '',
  );
  expect(auth?.[1]).toBe(KEY.accessKeyId);
  const signed = (auth?.[2] ?? '').split(';');
  expect(signed).toEqual(
    expect.arrayContaining([
      'host',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-version',
    ]),
  );
  const enc = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonicalQuery = [...call.query]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
  const payloadHash = createHash('sha256').update(call.body).digest('hex');
  expect(call.headers['x-acs-content-sha256']).toBe(payloadHash);
  const canonical = [
    'POST',
    '/',
    canonicalQuery,
    signed.map((h) => `${h}:${(call.headers[h] ?? '').trim()}\n`).join(''),
    signed.join(';'),
    payloadHash,
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  expect(auth?.[3]).toBe(createHmac('sha256', KEY.accessKeySecret).update(stringToSign).digest('hex'));
});

test('describeContainerGroupStatus follows NextToken, asking 200 a page, with SinceSecond on every page', async () => {
  const calls: Captured[] = [];
  const record = (id: string) => ({
    ContainerGroupId: id,
    Name: id,
    Status: 'Running',
    PodStatus: {
      Phase: 'Running',
      Conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }],
      ContainerStatuses: [
        {
          Name: 'app',
          Ready: true,
          RestartCount: 0,
          State: { Running: { StartedAtstartedAt: '2024-01-01T00:00:00Z' } },
        },
      ],
    },
  });
  capture(calls, { RequestId: 'R1', Data: [record('eci-1')], NextToken: 'page2', TotalCount: 2 });
  capture(calls, { RequestId: 'R2', Data: [record('eci-2')], NextToken: '', TotalCount: 2 });
  const backend = await nockBackend();
  const records = await backend.describeContainerGroupStatus({
    SinceSecond: 30,
    Tags: [{ Key: 'ClusterId', Value: 'c1' }],
  });
  expect(records.map((r) => r.ContainerGroupId)).toEqual(['eci-1', 'eci-2']);
  expect(records[0]?.PodStatus.Conditions[0]).toEqual({
    Type: 'Ready',
    Status: 'True',
    LastTransitionTime: '2024-01-01T00:00:00Z',
  });
  expect(records[0]?.PodStatus.ContainerStatuses[0]?.State.Running?.StartedAt).toBe('2024-01-01T00:00:00Z');
  expect(
    calls.map((c) => [
      c.query.get('Limit'),
      c.query.get('SinceSecond'),
      c.query.get('NextToken'),
      c.query.get('Tag.1.Key'),
    ]),
  ).toEqual([
    ['200', '30', null, 'ClusterId'],
    ['200', '30', 'page2', 'ClusterId'],
  ]);
});

test('more than 20 IDs are asked in chunks of 20', async () => {
  const calls: Captured[] = [];
  capture(calls, { RequestId: 'R1', MonitorDatas: [] });
  capture(calls, { RequestId: 'R2', MonitorDatas: [] });
  const backend = await nockBackend();
  await backend.describeMetrics(Array.from({ length: 25 }, (_, i) => `eci-${i}`));
  expect(calls.map((c) => (JSON.parse(c.query.get('ContainerGroupIds') ?? '[]') as string[]).length)).toEqual(
    [20, 5],
  );
});

test('exec sends the command as a JSON array with Sync=true', async () => {
  const calls: Captured[] = [];
  capture(calls, { RequestId: 'R1', SyncResponse: 'hello\n' });
  const backend = await nockBackend();
  await expect(
    backend.execContainerCommand({
      ContainerGroupId: 'eci-1',
      ContainerName: 'app',
      Command: ['echo', 'hello'],
    }),
  ).resolves.toBe('hello\n');
  expect(calls[0]?.query.get('Command')).toBe('["echo","hello"]');
  expect(calls[0]?.query.get('Sync')).toBe('true');
});
