import { makePod } from './fakes.js';
import { METRICS_SERVER, NODE, startFixture, type Fixture } from './fixture.js';

describe('kubelet API authentication and authorization', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await startFixture();
    f.pods.add(makePod('web'), 'eci-web');
  });
  afterAll(() => f.server.close());
  beforeEach(() => f.authorizer.asked.splice(0));

  it('answers /healthz without credentials', async () => {
    expect(await f.get('/healthz')).toMatchObject({ status: 200, body: 'ok' });
  });

  it('refuses anonymous requests with 401 Unauthorized, before looking at the path', async () => {
    expect(await f.get('/pods')).toMatchObject({ status: 401, body: 'Unauthorized' });
    expect(await f.get('/no/such/path')).toMatchObject({ status: 401, body: 'Unauthorized' });
    expect(f.authorizer.asked).toEqual([]);
  });

  it('refuses a client certificate signed by another CA', async () => {
    expect(await f.get('/pods', { cert: f.certs.foreign })).toMatchObject({
      status: 401,
      body: 'Unauthorized',
    });
  });

  it('a client certificate from the cluster CA authenticates as CN with O as groups', async () => {
    const res = await f.get('/stats/summary', { cert: f.certs.nobody });
    expect(res.status).toBe(403);
    expect(res.body).toBe('Forbidden (user=nobody, verb=get, resource=nodes, subresource(s)=[stats])');
    expect(f.authorizer.asked).toEqual([
      {
        user: 'nobody',
        attrs: {
          verb: 'get',
          resource: 'nodes',
          subresource: 'stats',
          name: NODE,
          apiVersion: 'v1',
          path: '/stats/summary',
        },
      },
    ]);
  });

  it('tries the fine-grained subresource and then proxy, and names both when neither is allowed', async () => {
    const res = await f.get('/pods', { cert: f.certs.nobody });
    expect(res).toMatchObject({
      status: 403,
      body: 'Forbidden (user=nobody, verb=get, resource=nodes, subresource(s)=[pods proxy])',
    });
    expect(f.authorizer.asked.map((a) => a.attrs.subresource)).toEqual(['pods', 'proxy']);
  });

  it('a bearer token authenticates as the user TokenReview names', async () => {
    const res = await f.get('/stats/summary', { token: 'metrics-server-token' });
    expect(res.status).toBe(200);
    expect(f.authorizer.asked.map((a) => [a.user, a.attrs.subresource])).toEqual([[METRICS_SERVER, 'stats']]);
    // The same user may not read logs: logs are subresource proxy.
    const logs = await f.get('/containerLogs/default/web/app', { token: 'metrics-server-token' });
    expect(logs).toMatchObject({
      status: 403,
      body: `Forbidden (user=${METRICS_SERVER}, verb=get, resource=nodes, subresource(s)=[proxy])`,
    });
  });

  it('an unknown token is 401, and a foreign certificate does not stop a valid token', async () => {
    expect(await f.get('/stats/summary', { token: 'forged' })).toMatchObject({ status: 401 });
    const res = await f.get('/stats/summary', { cert: f.certs.foreign, token: 'metrics-server-token' });
    expect(res.status).toBe(200);
  });

  it('authorized callers reach the routes; unknown paths are 404 and wrong methods 405', async () => {
    expect((await f.asApiServer('/no/such/path')).status).toBe(404);
    const post = await f.asApiServer('/containerLogs/default/web/app', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
  });
});

describe('kubelet API without a client CA', () => {
  it('accepts no client certificate at all, even one a CA signed', async () => {
    const f = await startFixture({ clientCaPem: undefined });
    try {
      expect(await f.asApiServer('/pods')).toMatchObject({ status: 401, body: 'Unauthorized' });
    } finally {
      await f.server.close();
    }
  });
});
