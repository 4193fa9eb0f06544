/**
 * Hostile requests to the kubelet API (HTTPS :10250): path traversal, bad query values, no or false
 * credentials. Each row is the request and the status and body the caller gets; nothing reaches the
 * backend unless the request is authenticated, authorized and well-formed.
 */
import { makePod } from '../kubelet/fakes.js';
import { startFixture, type Fixture } from '../kubelet/fixture.js';

let f: Fixture;

beforeAll(async () => {
  f = await startFixture();
  f.pods.add(makePod('web'), 'eci-web');
  f.backend.appendLog('eci-web', 'app', { ts: '2024-05-01T10:00:00.000Z', text: 'hello' });
});
afterAll(() => f.server.close());
beforeEach(() => f.backend.logQueries.splice(0));

const LOGS = '/containerLogs/default/web/app';

// [what, path, status, body (exact or pattern)] — as the API server (its client certificate).
const asApiServer: [string, string, number, string | RegExp][] = [
  [
    'a pod name with ../ (encoded)',
    '/containerLogs/default/..%2F..%2Fetc/app',
    400,
    'invalid pod name "../../etc"',
  ],
  [
    'a namespace with ../ (encoded)',
    '/containerLogs/..%2Fkube-system/web/app',
    400,
    'invalid namespace "../kube-system"',
  ],
  [
    'a container name with ../ (encoded)',
    '/containerLogs/default/web/..%2Fpasswd',
    400,
    'invalid container name "../passwd"',
  ],
  [
    'a NUL byte in the container name',
    '/containerLogs/default/web/app%00',
    400,
    /^invalid container name "app\\u0000"/,
  ],
  [
    'a newline in the pod name (log injection)',
    '/containerLogs/default/web%0Aadmin/app',
    400,
    /^invalid pod name "web\\nadmin"/,
  ],
  ['an upper-case namespace', '/containerLogs/Default/web/app', 400, /^invalid namespace "Default"/],
  ['broken percent-encoding', '/containerLogs/default/web/%E0%A4%A', 400, /Failed to decode param/],
  [
    'a GET with extra segments (../../etc/passwd)',
    '/containerLogs/../../etc/passwd',
    404,
    '404 page not found',
  ],
  ['tailLines=abc', `${LOGS}?tailLines=abc`, 400, 'tailLines: Invalid value: "abc": must be an integer'],
  [
    'tailLines=-1',
    `${LOGS}?tailLines=-1`,
    400,
    'tailLines: Invalid value: -1: must be greater than or equal to 0',
  ],
  [
    'tailLines past 2^53',
    `${LOGS}?tailLines=99999999999999999999`,
    400,
    'tailLines: Invalid value: "99999999999999999999": is out of range',
  ],
  [
    'tail=1.5 (the legacy name)',
    `${LOGS}?tail=1.5`,
    400,
    'tailLines: Invalid value: "1.5": must be an integer',
  ],
  ['limitBytes=0', `${LOGS}?limitBytes=0`, 400, 'limitBytes: Invalid value: 0: must be greater than 0'],
  ['sinceSeconds=0', `${LOGS}?sinceSeconds=0`, 400, 'sinceSeconds: Invalid value: 0: must be greater than 0'],
  [
    'sinceSeconds=1h',
    `${LOGS}?sinceSeconds=1h`,
    400,
    'sinceSeconds: Invalid value: "1h": must be an integer',
  ],
  [
    'sinceTime=yesterday',
    `${LOGS}?sinceTime=yesterday`,
    400,
    /^sinceTime: Invalid value: "yesterday": must be an RFC 3339 time/,
  ],
  ['sinceTime on February 30th', `${LOGS}?sinceTime=2024-02-30T10:00:00Z`, 400, /^sinceTime: Invalid value/],
  [
    'both sinceSeconds and sinceTime',
    `${LOGS}?sinceSeconds=5&sinceTime=2024-05-01T10:00:00Z`,
    400,
    /^sinceSeconds, sinceTime: Forbidden/,
  ],
  ['stream=Stdout', `${LOGS}?stream=Stdout`, 400, /^stream: Unsupported value: "Stdout"/],
  ['a pod that is not on this node', '/containerLogs/default/nope/app', 404, /nope/],
  ['a container the pod does not have', '/containerLogs/default/web/sidecar', 404, /sidecar/],
];

describe('kubelet API: hostile requests from an authorized caller', () => {
  test.each(asApiServer)('%s: %s → %i', async (_what, path, status, body) => {
    const res = await f.asApiServer(path);
    expect(res.status).toBe(status);
    if (typeof body === 'string') expect(res.body).toContain(body);
    else expect(res.body).toMatch(body);
    if (status === 400) expect(f.backend.logQueries).toEqual([]);
  });
});

describe('kubelet API: callers without valid credentials', () => {
  test.each([
    ['no credentials, /pods', '/pods', {}, 401, 'Unauthorized'],
    [
      'no credentials, a log with traversal',
      '/containerLogs/default/..%2F..%2Fetc/app',
      {},
      401,
      'Unauthorized',
    ],
    ['no credentials, exec', '/exec/default/web/app?command=sh', {}, 401, 'Unauthorized'],
    ['a forged bearer token', LOGS, { token: 'forged' }, 401, 'Unauthorized'],
    ['an empty bearer token', LOGS, { token: '' }, 401, 'Unauthorized'],
    ['a certificate from another CA', LOGS, { foreign: true }, 401, 'Unauthorized'],
    [
      'a cluster certificate without rights',
      LOGS,
      { nobody: true },
      403,
      'Forbidden (user=nobody, verb=get, resource=nodes, subresource(s)=[proxy])',
    ],
  ] as const)('%s: %s %j → %i', async (_what, path, who, status, body) => {
    const opts = {
      ...('token' in who ? { token: who.token } : {}),
      ...('foreign' in who ? { cert: f.certs.foreign } : {}),
      ...('nobody' in who ? { cert: f.certs.nobody } : {}),
    };
    const res = await f.get(path, opts);
    expect({ status: res.status, body: res.body }).toEqual({ status, body });
    expect(f.backend.logQueries).toEqual([]);
  });
});
