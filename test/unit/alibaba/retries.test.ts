import nock from 'nock';
import { register } from 'prom-client';
import { isBackendError } from '../../../providers/backend.js';
import { kindForCode } from '../../../providers/alibaba/errors.js';
import { backoffDelay, DEFAULT_RETRY, isRetryable } from '../../../providers/alibaba/retry.js';
import { BackendError } from '../../../providers/backend.js';
import { ENDPOINT, FULL_REQUEST, nockBackend, useNock } from './helpers.js';

useNock();

const eciError = (Code: string, RequestId = 'REQ-1') => ({
  RequestId,
  HostId: 'eci.cn-hangzhou.aliyuncs.com',
  Code,
  Message: `${Code} happened`,
  Recommend: '',
});
const emptyList = { RequestId: 'OK', ContainerGroups: [], NextToken: '', TotalCount: 0 };

async function retriesCounted(code: string): Promise<number> {
  const metric = await register.getSingleMetric('eci_backend_retries_total')?.get();
  return (
    metric?.values.find((v) => v.labels.code === code && v.labels.action === 'DescribeContainerGroups')
      ?.value ?? 0
  );
}

test('Throttling is retried, then the call succeeds, and the retry is counted', async () => {
  const before = await retriesCounted('Throttling.User');
  const scope = nock(ENDPOINT)
    .post('/')
    .query(true)
    .reply(400, eciError('Throttling.User'))
    .post('/')
    .query(true)
    .reply(200, emptyList);
  const backend = await nockBackend();
  await expect(backend.describeContainerGroups({})).resolves.toEqual([]);
  expect(scope.isDone()).toBe(true);
  expect(await retriesCounted('Throttling.User')).toBe(before + 1);
});

test('InvalidParameter is not retried: one request, the error keeps its code, message and RequestId', async () => {
  const scope = nock(ENDPOINT).post('/').query(true).reply(400, eciError('InvalidParameter', 'REQ-BAD'));
  const spare = nock(ENDPOINT).post('/').query(true).reply(200, emptyList);
  const backend = await nockBackend();
  const err: unknown = await backend.describeContainerGroups({}).catch((e: unknown) => e);
  expect(isBackendError(err, 'InvalidParameter')).toBe(true);
  expect(err).toMatchObject({
    code: 'InvalidParameter',
    requestId: 'REQ-BAD',
    message: expect.stringContaining('InvalidParameter happened'),
  });
  expect(scope.isDone()).toBe(true);
  expect(spare.isDone()).toBe(false);
});

test('a 503 on a create without ClientToken is not repeated (it may have created the group)', async () => {
  nock(ENDPOINT).post('/').query(true).reply(503, eciError('ServiceUnavailable'));
  const spare = nock(ENDPOINT)
    .post('/')
    .query(true)
    .reply(200, { RequestId: 'R', ContainerGroupId: 'eci-2' });
  const backend = await nockBackend();
  const withoutToken = { ...FULL_REQUEST, ClientToken: undefined };
  await expect(backend.createContainerGroup(withoutToken)).rejects.toMatchObject({
    kind: 'Unavailable',
    code: 'ServiceUnavailable',
  });
  expect(spare.isDone()).toBe(false);
});

test('a 503 on a create with a ClientToken is repeated with the same token', async () => {
  const tokens: (string | null)[] = [];
  const record = (request: Request) => tokens.push(new URL(request.url).searchParams.get('ClientToken'));
  nock(ENDPOINT)
    .post('/')
    .query(true)
    .reply(async (request: Request) => (record(request), [503, eciError('ServiceUnavailable')]))
    .post('/')
    .query(true)
    .reply(
      async (request: Request) => (record(request), [200, { RequestId: 'R', ContainerGroupId: 'eci-1' }]),
    );
  const backend = await nockBackend();
  await expect(backend.createContainerGroup(FULL_REQUEST)).resolves.toMatchObject({
    ContainerGroupId: 'eci-1',
  });
  expect(tokens).toEqual(['pod-uid-1234', 'pod-uid-1234']);
});

test('a request with no answer (connection error, timeout) is Unavailable and retried for reads', async () => {
  const scope = nock(ENDPOINT)
    .post('/')
    .query(true)
    .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
    .post('/')
    .query(true)
    .reply(200, emptyList);
  const backend = await nockBackend({ connectTimeoutMs: 200, readTimeoutMs: 200 });
  await expect(backend.describeContainerGroups({})).resolves.toEqual([]);
  expect(scope.isDone()).toBe(true);
});

test('an answer that is not JSON (a proxy’s page) says so, and is retried for reads', async () => {
  const page = '<html><head><title>502 Bad Gateway</title></head><body>Tengine</body></html>';
  const scope = nock(ENDPOINT)
    .post('/')
    .query(true)
    .times(DEFAULT_RETRY.maxAttempts)
    .reply(502, page, { 'content-type': 'text/html' });
  const backend = await nockBackend();
  await expect(backend.describeContainerGroups({})).rejects.toMatchObject({
    kind: 'Unavailable',
    code: 'InvalidResponse',
    message: expect.stringMatching(
      /^DescribeContainerGroups: the ECI endpoint answered with something other than JSON/,
    ),
  });
  expect(scope.isDone()).toBe(true);
});

test('attempts are bounded: persistent throttling surfaces as Throttled', async () => {
  nock(ENDPOINT).post('/').query(true).times(DEFAULT_RETRY.maxAttempts).reply(400, eciError('Throttling'));
  const backend = await nockBackend();
  await expect(backend.describeContainerGroups({})).rejects.toMatchObject({
    kind: 'Throttled',
    code: 'Throttling',
  });
});

test.each([
  ['OperationDenied.NoStock', 403, 'NoStock'],
  ['Throttling.User', 400, 'Throttled'],
  ['Throttling', 503, 'Throttled'],
  ['InvalidParameter', 400, 'InvalidParameter'],
  ['MissingParameter', 400, 'InvalidParameter'],
  ['IncorrectStatus', 400, 'InvalidParameter'],
  ['DataCache.IncorrectStatus', 400, 'Unavailable'],
  ['ImageSnapshot.IncorrectStatus', 400, 'Unavailable'],
  ['DataCache.NotFound', 404, 'NotFound'],
  ['InvalidParameter.NotFound', 404, 'NotFound'],
  ['ContainerGroup.NotFound', 404, 'NotFound'],
  ['SignatureDoesNotMatch', 400, 'Unauthorized'],
  ['InvalidAccessKeyId.NotFound', 404, 'Unauthorized'],
  ['InvalidAction.NotFound', 404, 'InvalidParameter'],
  ['ServiceUnavailable', 503, 'Unavailable'],
  ['UnknownError', 500, 'Unavailable'],
  ['SomethingNew', 502, 'Unavailable'],
] as const)('%s (HTTP %i) is %s', (code, status, kind) => {
  expect(kindForCode(code, status)).toBe(kind);
});

test('back-off grows exponentially with full jitter and a ceiling', () => {
  const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
  expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999]);
  expect(backoffDelay(3, policy, () => 0)).toBe(0);
});

test('only throttling, and unavailability of idempotent calls, are retryable', () => {
  const err = (kind: BackendError['kind']) => new BackendError(kind, 'X', 'x');
  expect(isRetryable(err('Throttled'), false)).toBe(true);
  expect(isRetryable(err('Unavailable'), true)).toBe(true);
  expect(isRetryable(err('Unavailable'), false)).toBe(false);
  for (const kind of ['InvalidParameter', 'NotFound', 'NoStock', 'Unauthorized'] as const)
    expect(isRetryable(err(kind), true)).toBe(false);
});
