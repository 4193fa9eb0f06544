import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createAlibabaBackend } from '../../../providers/alibaba/index.js';
import { isBackendError } from '../../../providers/backend.js';
import { FakeBackend } from '../contract/fake-backend.js';
import { REGION, TEST_KEY, callV1, createParams, startServer, type RunningServer } from './helpers.js';

let server: RunningServer;
let backend: FakeBackend;

beforeEach(async () => {
  backend = new FakeBackend();
  server = await startServer(backend);
});
afterEach(() => server.close());

describe('V1 signatures (Go SDK, aliyun CLI)', () => {
  test('a hand-signed GET with the parameters in the query string is served', async () => {
    const created = await callV1(server.url, 'CreateContainerGroup', createParams('v1-query'));
    expect(created.status).toBe(200);
    expect(created.body.ContainerGroupId).toMatch(/^eci-/);
    const listed = await callV1(server.url, 'DescribeContainerGroups', { RegionId: REGION });
    expect(listed.status).toBe(200);
    expect(listed.body.ContainerGroups).toEqual([
      expect.objectContaining({ ContainerGroupName: 'v1-query' }),
    ]);
  });

  test('a hand-signed POST with a form body is served', async () => {
    const res = await callV1(
      server.url,
      'CreateContainerGroup',
      createParams('v1-form', { 'Tag.1.Key': 'a b*c', 'Tag.1.Value': "(it's)~" }),
      { form: true },
    );
    expect(res.status).toBe(200);
    expect([...backend.groups.values()][0]?.Tags).toEqual([{ Key: 'a b*c', Value: "(it's)~" }]);
  });

  test('a wrong secret is SignatureDoesNotMatch, with the server string to sign', async () => {
    const res = await callV1(
      server.url,
      'DescribeContainerGroups',
      { RegionId: REGION },
      { secret: 'wrong' },
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      Code: 'SignatureDoesNotMatch',
      RequestId: expect.any(String),
      HostId: expect.any(String),
    });
    expect(res.body.Message).toContain('server string to sign is:GET&%2F&AccessKeyId%3DtestAccessKeyId');
  });

  test('an unknown access key is InvalidAccessKeyId.NotFound (404)', async () => {
    const res = await callV1(
      server.url,
      'DescribeContainerGroups',
      { RegionId: REGION },
      { accessKeyId: 'nobody' },
    );
    expect(res.status).toBe(404);
    expect(res.body.Code).toBe('InvalidAccessKeyId.NotFound');
  });

  test('a rotation: a key added through /_sim/access-keys signs, the disabled old one is InvalidAccessKeyId.Inactive (400)', async () => {
    const keys = (body: unknown) =>
      fetch(`${server.url}/_sim/access-keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const describe = (key: { accessKeyId: string; secret: string }) =>
      callV1(server.url, 'DescribeContainerGroups', { RegionId: REGION }, key);
    const fresh = { accessKeyId: 'LTAI5tRotated', secret: 'rotated-secret' };
    const old = { accessKeyId: TEST_KEY.accessKeyId, secret: TEST_KEY.secretAccessKey };
    expect((await describe(fresh)).body.Code).toBe('InvalidAccessKeyId.NotFound');

    expect((await keys({ accessKeyId: fresh.accessKeyId, accessKeySecret: fresh.secret })).status).toBe(200);
    expect((await describe(fresh)).status).toBe(200);
    expect((await describe(old)).status).toBe(200);

    expect((await keys({ accessKeyId: old.accessKeyId, status: 'Inactive' })).status).toBe(200);
    expect(await describe(old)).toMatchObject({
      status: 400,
      body: { Code: 'InvalidAccessKeyId.Inactive', Message: 'Specified access key is disabled.' },
    });
    expect((await describe(fresh)).status).toBe(200);

    const unknown = await keys({ accessKeyId: 'LTAI5tNobody', status: 'Active' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('give its accessKeySecret to create it');
    const badStatus = await keys({ accessKeyId: old.accessKeyId, status: 'Disabled' });
    expect(await badStatus.json()).toEqual({
      error: 'status must be "Active" or "Inactive", got "Disabled"',
    });
  });

  test('a replayed nonce is refused', async () => {
    const nonce = randomUUID();
    expect(
      (await callV1(server.url, 'DescribeContainerGroups', { RegionId: REGION }, { nonce })).status,
    ).toBe(200);
    const replay = await callV1(server.url, 'DescribeContainerGroups', { RegionId: REGION }, { nonce });
    expect(replay.body.Code).toBe('SignatureNonceUsed');
  });

  test('an unknown action is InvalidAction.NotFound (404)', async () => {
    const res = await callV1(server.url, 'RunInstances', { RegionId: REGION });
    expect(res.status).toBe(404);
    expect(res.body.Code).toBe('InvalidAction.NotFound');
    expect(res.body.Message).toContain('RunInstances');
  });

  test.each(['Timestamp', 'SignatureNonce', 'SignatureVersion', 'SignatureMethod'])(
    'a request without %s is MissingParameter naming it',
    async (name) => {
      const res = await callV1(
        server.url,
        'DescribeContainerGroups',
        { RegionId: REGION },
        { common: { [name]: undefined } },
      );
      expect([res.status, res.body.Code]).toEqual([400, 'MissingParameter']);
      expect(res.body.Message).toContain(`"${name}"`);
    },
  );

  test.each([
    '2024-01-02 03:04:05',
    '2024-01-02T03:04:05.123Z',
    '2024-01-02T03:04:05+08:00',
    '2024-02-30T03:04:05Z',
    'Tue, 02 Jan 2024 03:04:05 GMT',
  ])('Timestamp %s is InvalidTimeStamp.Format (400), naming the format', async (Timestamp) => {
    const res = await callV1(
      server.url,
      'DescribeContainerGroups',
      { RegionId: REGION },
      { common: { Timestamp } },
    );
    expect([res.status, res.body.Code]).toEqual([400, 'InvalidTimeStamp.Format']);
    expect(res.body.Message).toContain(`Timestamp ${JSON.stringify(Timestamp)} is not YYYY-MM-DDThh:mm:ssZ`);
  });

  test.each([
    ['SignatureVersion', '2.0', 'use 1.0'],
    ['SignatureMethod', 'HMAC-SHA256', 'use HMAC-SHA1'],
  ])('%s %s is InvalidParameter', async (name, value, fix) => {
    const res = await callV1(
      server.url,
      'DescribeContainerGroups',
      { RegionId: REGION },
      { common: { [name]: value } },
    );
    expect([res.status, res.body.Code]).toEqual([400, 'InvalidParameter']);
    expect(res.body.Message).toContain(`${name} has an invalid value "${value}": ${fix}`);
  });

  test('an unsigned request is refused', async () => {
    const res = await fetch(
      `${server.url}/?Action=DescribeContainerGroups&Version=2018-08-08&RegionId=${REGION}`,
    );
    expect(res.status).toBe(400);
    // No Format either: POP answers XML (answer-format.test.ts reads it).
    expect(await res.text()).toContain('<Code>MissingParameter</Code>');
  });
});

describe('V3 signatures (ACS3-HMAC-SHA256)', () => {
  /** Signs like the TS SDK, independently of it and of the server. */
  function signV3(
    host: string,
    query: string,
    secret: string,
    body = '',
    change: Record<string, string | undefined> = {},
  ) {
    const all: Record<string, string | undefined> = {
      host,
      'x-acs-action': 'DescribeContainerGroups',
      'x-acs-version': '2018-08-08',
      'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'x-acs-signature-nonce': randomUUID(),
      'x-acs-content-sha256': createHash('sha256').update(body).digest('hex'),
      ...change,
    };
    const headers = Object.fromEntries(
      Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const names = Object.keys(headers).sort();
    const canonicalQuery = query.split('&').sort().join('&');
    const canonical = [
      'POST',
      '/',
      canonicalQuery,
      names.map((h) => `${h}:${headers[h]}\n`).join(''),
      names.join(';'),
      headers['x-acs-content-sha256'],
    ].join('\n');
    const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
    const signature = createHmac('sha256', secret).update(stringToSign).digest('hex');
    return {
      ...headers,
      authorization: `ACS3-HMAC-SHA256 Credential=${TEST_KEY.accessKeyId},SignedHeaders=${names.join(';')},Signature=${signature}`,
    };
  }

  test('a hand-signed V3 request is served; changing a signed parameter afterwards is not', async () => {
    const host = server.url.replace('http://', '');
    const query = `RegionId=${REGION}&Limit=5`;
    const headers = signV3(host, query, TEST_KEY.secretAccessKey);
    const ok = await fetch(`${server.url}/?${query}`, { method: 'POST', headers });
    expect(ok.status).toBe(200);
    const tampered = await fetch(`${server.url}/?RegionId=${REGION}&Limit=6`, {
      method: 'POST',
      headers: signV3(host, query, TEST_KEY.secretAccessKey),
    });
    expect(tampered.status).toBe(400);
    const body = (await tampered.json()) as { Code: string; Message: string };
    expect(body.Code).toBe('SignatureDoesNotMatch');
    expect(body.Message).toContain('server string to sign is:ACS3-HMAC-SHA256\n');
  });

  test.each(['x-acs-date', 'x-acs-signature-nonce'])(
    'a request without %s is MissingParameter naming it',
    async (name) => {
      const host = server.url.replace('http://', '');
      const query = `RegionId=${REGION}`;
      const res = await fetch(`${server.url}/?${query}`, {
        method: 'POST',
        headers: signV3(host, query, TEST_KEY.secretAccessKey, '', { [name]: undefined }),
      });
      const body = (await res.json()) as { Code: string; Message: string };
      expect([res.status, body.Code]).toEqual([400, 'MissingParameter']);
      expect(body.Message).toContain(`"${name}"`);
    },
  );

  test('an x-acs-date not in YYYY-MM-DDThh:mm:ssZ is InvalidTimeStamp.Format', async () => {
    const host = server.url.replace('http://', '');
    const query = `RegionId=${REGION}`;
    const date = new Date().toISOString();
    const res = await fetch(`${server.url}/?${query}`, {
      method: 'POST',
      headers: signV3(host, query, TEST_KEY.secretAccessKey, '', { 'x-acs-date': date }),
    });
    const body = (await res.json()) as { Code: string; Message: string };
    expect([res.status, body.Code]).toEqual([400, 'InvalidTimeStamp.Format']);
    expect(body.Message).toContain(`x-acs-date "${date}"`);
  });

  test('a name with a reserved character: signed as published (name encoded) or as the Tea SDKs sign (raw)', async () => {
    const host = server.url.replace('http://', '');
    const wire = `RegionId=${REGION}&Opt.%2310%23src=a%2Fb`;
    const signedAs = async (canonical: string) =>
      (
        await fetch(`${server.url}/?${wire}`, {
          method: 'POST',
          headers: signV3(host, canonical, TEST_KEY.secretAccessKey),
        })
      ).status;
    expect(await signedAs(wire)).toBe(200);
    expect(await signedAs(`RegionId=${REGION}&Opt.#10#src=a%2Fb`)).toBe(200);
    expect(await signedAs(`RegionId=${REGION}&Opt.%252310%2523src=a%2Fb`)).toBe(400);
  });

  test('the official SDK with a wrong secret gets SignatureDoesNotMatch, mapped to Unauthorized', async () => {
    const sdkBackend = await createAlibabaBackend({
      regionId: REGION,
      endpoint: server.url,
      credentials: {
        type: 'access_key',
        origin: 'test',
        accessKeyId: TEST_KEY.accessKeyId,
        accessKeySecret: 'wrong',
      },
      tuning: { rateLimits: false },
    });
    const err: unknown = await sdkBackend.describeContainerGroups({}).catch((e: unknown) => e);
    expect(isBackendError(err, 'Unauthorized')).toBe(true);
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', requestId: expect.any(String) });
  });
});
