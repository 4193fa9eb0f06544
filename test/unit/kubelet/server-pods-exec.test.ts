import { makePod } from './fakes.js';
import { startFixture, type Fixture } from './fixture.js';

describe('GET /pods, /runningpods/, and the streaming endpoints', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await startFixture();
    f.pods.add(makePod('web', { containers: ['app', 'sidecar'] }), 'eci-web');
    f.pods.add(makePod('pending', { statuses: [], phase: 'Pending' }));
    f.pods.add(makePod('done', { phase: 'Succeeded' }), 'eci-done');
  });
  afterAll(() => f.server.close());

  it('/pods is a v1 PodList of the node pods, times in RFC 3339', async () => {
    const res = await f.asApiServer('/pods');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const list = JSON.parse(res.body) as {
      kind: string;
      apiVersion: string;
      items: { metadata: Record<string, string> }[];
    };
    expect(list.kind).toBe('PodList');
    expect(list.apiVersion).toBe('v1');
    expect(list.items.map((p) => p.metadata.name)).toEqual(['web', 'pending', 'done']);
    expect(list.items[0]?.metadata.creationTimestamp).toBe('2024-05-01T09:59:00Z');
  });

  it('/runningpods/ lists pods with a live container group, reduced to runtime fields', async () => {
    const res = await f.asApiServer('/runningpods/');
    const list = JSON.parse(res.body) as {
      items: { metadata: { name: string; uid: string }; spec: { containers: { name: string }[] } }[];
    };
    expect(list.items).toEqual([
      {
        metadata: { name: 'web', namespace: 'default', uid: 'uid-web' },
        spec: {
          containers: [
            { name: 'app', image: 'registry/app:1', resources: {} },
            { name: 'sidecar', image: 'registry/sidecar:1', resources: {} },
          ],
        },
        status: {},
      },
    ]);
  });

  it.each([
    ['POST', '/exec/default/web/app?command=sh&input=1&tty=1'],
    ['GET', '/exec/default/web/app'],
    ['POST', '/attach/default/web/app'],
    ['POST', '/portForward/default/web'],
  ])('%s %s without an Upgrade → 400 saying the endpoint speaks SPDY/3.1', async (method, path) => {
    const res = await f.asApiServer(path, { method });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/unable to upgrade: missing upgrade headers .*SPDY\/3\.1/);
  });

  it('POST /run runs a one-off command with ExecContainerCommand and returns its output', async () => {
    f.backend.execOutput = 'hello from eci\n';
    const res = await f.asApiServer('/run/default/web/sidecar?cmd=echo%20hello%20from%20eci', {
      method: 'POST',
    });
    expect(res).toMatchObject({ status: 200, body: 'hello from eci\n' });
    expect(f.backend.execCalls.at(-1)).toEqual({
      ContainerGroupId: 'eci-web',
      ContainerName: 'sidecar',
      Command: ['echo', 'hello', 'from', 'eci'],
    });
  });

  it('/run checks its input like the kubelet', async () => {
    expect(await f.asApiServer('/run/default/web/app', { method: 'POST' })).toMatchObject({ status: 400 });
    expect(await f.asApiServer('/run/default/nope/app?cmd=ls', { method: 'POST' })).toMatchObject({
      status: 404,
      body: 'pod does not exist',
    });
    expect(await f.asApiServer('/run/default/web/wrong-uid/app?cmd=ls', { method: 'POST' })).toMatchObject({
      status: 404,
      body: 'pod not found',
    });
    expect((await f.asApiServer('/run/default/web/uid-web/app?cmd=ls', { method: 'POST' })).status).toBe(200);
    expect(await f.asApiServer('/run/default/pending/app?cmd=ls', { method: 'POST' })).toMatchObject({
      status: 400,
      body: 'container "app" in pod "pending" is waiting to start: ContainerCreating',
    });
    expect((await f.asApiServer('/run/default/web/app?cmd=ls')).status).toBe(405);
  });

  it('/run refuses a command ECI would refuse (an argument over 256 characters), saying what to do', async () => {
    const calls = f.backend.execCalls.length;
    const res = await f.asApiServer(`/run/default/web/app?cmd=echo%20${'a'.repeat(300)}`, { method: 'POST' });
    expect(res).toMatchObject({
      status: 400,
      body:
        'the command item 1 has 300 characters; ECI takes at most 256 per item: ECI cannot run it. ' +
        'Copy a long script into the container and run the file instead: kubectl cp script.sh ' +
        'default/web:/tmp/script.sh -c app, then kubectl exec -n default web -c app -- sh /tmp/script.sh',
    });
    expect(f.backend.execCalls).toHaveLength(calls);
  });
});
