import * as vpcSdk from '@alicloud/vpc20160428';
import nock from 'nock';
import { createAlibabaBackend, parseEndpoint, vpcEndpoint } from '../../../providers/alibaba/index.js';
import { isBackendError } from '../../../providers/backend.js';
import { ENDPOINT, KEY, nockBackend, useNock } from './helpers.js';
import { HANGZHOU_K, vSwitchesAnswer } from './vswitch-answers.js';

useNock();

/** What the wire carries beyond what the backend keeps: the answer's item is more than the VSwitch. */
const hangzhouK = { ...HANGZHOU_K, IsDefault: false };

interface Seen {
  host: string;
  headers: Record<string, string>;
  query: URLSearchParams;
}

function capture(origin: string, into: Seen[], reply: object, status = 200): nock.Scope {
  return (
    nock(origin)
      .post('/')
      .query(true)
      // nock 15 hands the reply function the intercepted fetch Request.
      .reply((request: Request) => {
        const url = new URL(request.url);
        into.push({ host: url.host, headers: Object.fromEntries(request.headers), query: url.searchParams });
        return [status, reply];
      })
  );
}

test('without ECI_ENDPOINT the VPC call goes to vpc.<region>.aliyuncs.com, signed, as the SDK sends it', async () => {
  const seen: Seen[] = [];
  capture('https://vpc.cn-hangzhou.aliyuncs.com', seen, vSwitchesAnswer(hangzhouK));
  const backend = await createAlibabaBackend({
    regionId: 'cn-hangzhou',
    credentials: { type: 'access_key', origin: 'test', ...KEY },
    tuning: { rateLimits: false, retry: { baseDelayMs: 1, maxDelayMs: 2 } },
  });
  await expect(backend.describeVSwitches(['vsw-2ze23nqzig8inprou'])).resolves.toEqual([HANGZHOU_K]);
  const [call] = seen;
  expect(call?.headers['x-acs-action']).toBe('DescribeVSwitches');
  expect(call?.headers['x-acs-version']).toBe('2016-04-28');
  expect(call?.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=LTAItestkey0001,/);
  expect(Object.fromEntries(call?.query ?? [])).toEqual({
    RegionId: 'cn-hangzhou',
    VSwitchId: 'vsw-2ze23nqzig8inprou',
  });
  // Sent through the OpenAPI client, not the VPC SDK: each name must still be one its request model has.
  const wireNames = Object.values(vpcSdk.DescribeVSwitchesRequest.names());
  expect([...(call?.query.keys() ?? [])].filter((name) => !wireNames.includes(name))).toEqual([]);
});

test('several vSwitches: one request per ID, answers in the order asked, duplicates asked once', async () => {
  const seen: Seen[] = [];
  const other = { ...hangzhouK, VSwitchId: 'vsw-bp1second', ZoneId: 'cn-hangzhou-j' };
  capture(ENDPOINT, seen, vSwitchesAnswer(other));
  capture(ENDPOINT, seen, vSwitchesAnswer(hangzhouK));
  const backend = await nockBackend();
  const found = await backend.describeVSwitches(['vsw-bp1second', 'vsw-2ze23nqzig8inprou', 'vsw-bp1second']);
  expect(found.map((v) => v.ZoneId)).toEqual(['cn-hangzhou-j', 'cn-hangzhou-k', 'cn-hangzhou-j']);
  expect(seen.map((s) => s.query.get('VSwitchId'))).toEqual(['vsw-bp1second', 'vsw-2ze23nqzig8inprou']);
  // ECI_ENDPOINT that is not an Alibaba Cloud host (the simulator) serves VPC as well.
  expect(seen[0]?.host).toBe('eci.nock.test');
});

test('an unknown vSwitch (the API answers an empty list) is NotFound naming the ID, the region and the fix', async () => {
  capture(ENDPOINT, [], vSwitchesAnswer());
  const backend = await nockBackend();
  const err: unknown = await backend.describeVSwitches(['vsw-doesnotexist']).catch((e: unknown) => e);
  expect(isBackendError(err, 'NotFound')).toBe(true);
  expect(err).toMatchObject({ code: 'InvalidVSwitchId.NotFound', requestId: 'VPC-REQ-1' });
  expect((err as Error).message).toMatch(
    /vSwitch "vsw-doesnotexist" does not exist in region cn-hangzhou .*check the ID in the VPC console/,
  );
});

test('VPC errors map as ECI errors do: Forbidden.RAM is Unauthorized, ServiceUnavailable is retried', async () => {
  const vpcError = (Code: string) => ({ RequestId: 'R', HostId: 'vpc.aliyuncs.com', Code, Message: Code });
  capture(ENDPOINT, [], vpcError('Forbidden.RAM'), 403);
  const backend = await nockBackend();
  const denied: unknown = await backend.describeVSwitches(['vsw-a']).catch((e: unknown) => e);
  expect(denied).toMatchObject({ kind: 'Unauthorized', code: 'Forbidden.RAM' });
  expect((denied as Error).message).toContain('DescribeVSwitches');

  capture(ENDPOINT, [], vpcError('ServiceUnavailable'), 503);
  capture(ENDPOINT, [], vSwitchesAnswer({ ...hangzhouK, VSwitchId: 'vsw-a' }));
  await expect(backend.describeVSwitches(['vsw-a'])).resolves.toHaveLength(1);
});

test.each([
  [undefined, 'https://vpc.cn-shanghai.aliyuncs.com'],
  ['eci.cn-shanghai.aliyuncs.com', 'https://vpc.cn-shanghai.aliyuncs.com'],
  ['eci-vpc.cn-shanghai.aliyuncs.com', 'https://vpc-vpc.cn-shanghai.aliyuncs.com'],
  ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ['https://eci-proxy.example.com', 'https://eci-proxy.example.com'],
])('ECI_ENDPOINT %s → VPC endpoint %s', (eci, vpc) => {
  const e = vpcEndpoint(parseEndpoint(eci, 'cn-shanghai'), 'cn-shanghai');
  expect(`${e.protocol}://${e.host}`).toBe(vpc);
});
