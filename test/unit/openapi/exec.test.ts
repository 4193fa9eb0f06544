import { REGION, callV1, createParams, useSimulatorServer } from './helpers.js';

const h = useSimulatorServer();

async function runningGroup(extra: Record<string, string> = {}): Promise<string> {
  const res = await callV1(h.server.url, 'CreateContainerGroup', createParams('exec-1', extra));
  h.clock.advance(60_000);
  return String(res.body.ContainerGroupId);
}

const exec = (id: string, extra: Record<string, string> = {}) =>
  callV1(h.server.url, 'ExecContainerCommand', {
    RegionId: REGION,
    ContainerGroupId: id,
    ContainerName: 'app',
    Command: '["/bin/sh"]',
    ...extra,
  });

test('without Sync (its default) the answer is a WebSocketUri and an HttpUrl on this endpoint', async () => {
  const res = await exec(await runningGroup(), { TTY: 'true', Stdin: 'true' });
  const host = new URL(h.server.url).host;
  expect(res.status).toBe(200);
  expect(Object.keys(res.body).sort()).toEqual(['HttpUrl', 'RequestId', 'WebSocketUri']);
  expect(res.body.WebSocketUri).toMatch(new RegExp(`^ws://${host}/exec/\\?s=[a-z0-9]{20}$`));
  expect(res.body.HttpUrl).toMatch(new RegExp(`^http://${host}/terminal\\?param=[a-z0-9]{20}$`));
});

test('the URL wants a WebSocket (400 to a plain request); after 30 s it is gone (404)', async () => {
  const id = await runningGroup();
  const uri = String((await exec(id)).body.WebSocketUri).replace(/^ws:/, 'http:');
  const open = await fetch(uri);
  expect(open.status).toBe(400);
  expect(await open.json()).toEqual({
    error: expect.stringContaining(
      `exec into ${id}/app: connect to the WebSocketUri with a WebSocket client`,
    ),
  });
  h.clock.advance(30_000);
  expect((await fetch(uri)).status).toBe(404);
});

test('the container is checked as for a synchronous command; Sync=true still needs TTY=false', async () => {
  const id = await runningGroup();
  expect((await exec(id, { ContainerName: 'nope' })).body).toMatchObject({
    Code: 'InvalidParameter.NotFound',
  });
  expect((await exec(id, { Sync: 'true', TTY: 'true' })).body).toMatchObject({
    Code: 'InvalidParameter',
    Message: expect.stringContaining('TTY'),
  });
  const done = await runningGroup({ RestartPolicy: 'Never', 'Container.1.Command.1': 'true' });
  expect((await exec(done)).body).toMatchObject({ Code: 'IncorrectStatus' });
});

test('Command holds at most 20 items of at most 256 characters, as ECI documents', async () => {
  const id = await runningGroup();
  const items = (n: number): string => JSON.stringify(Array.from({ length: n }, () => 'x'));
  const long = JSON.stringify(['sh', '-c', `echo ${'a'.repeat(252)}`]);
  expect((await exec(id, { Command: items(20), Sync: 'true' })).status).toBe(200);
  expect((await exec(id, { Command: items(21), Sync: 'true' })).body).toMatchObject({
    Code: 'InvalidParameter',
    Message: expect.stringContaining('at most 20 entries'),
  });
  for (const sync of ['true', 'false']) {
    const res = await exec(id, { Command: long, Sync: sync });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      Code: 'InvalidParameter',
      Message: 'Command: item 2 has 257 characters; ECI takes at most 256 per item.',
    });
  }
  // Characters, not bytes: 256 CJK characters are within the limit.
  expect((await exec(id, { Command: JSON.stringify(['echo', '字'.repeat(256)]), Sync: 'true' })).status).toBe(
    200,
  );
});

test('one command may come as a plain string; several need a JSON list', async () => {
  const id = await runningGroup();
  expect((await exec(id, { Command: 'hostname', Sync: 'true' })).body).toMatchObject({
    SyncResponse: 'exec-1\n',
  });
  expect((await exec(id, { Command: '["echo", "a b"]', Sync: 'true' })).body).toMatchObject({
    SyncResponse: 'a b\n',
  });
});

test('DescribeContainerLog refuses a StartTime that is not RFC 3339', async () => {
  const id = await runningGroup();
  const res = await callV1(h.server.url, 'DescribeContainerLog', {
    RegionId: REGION,
    ContainerGroupId: id,
    ContainerName: 'app',
    StartTime: 'yesterday',
  });
  expect(res).toMatchObject({ status: 400, body: { Code: 'InvalidParameter' } });
  expect(String(res.body.Message)).toContain('StartTime');
});
