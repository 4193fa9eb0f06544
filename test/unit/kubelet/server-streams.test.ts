import { createServer, type AddressInfo } from 'node:net';
import { ManualClock } from '../../../providers/clock.js';
import { NODE, startFixture, type Fixture } from './fixture.js';
import { spdyConnect, type SpdyClient } from './spdy-client.js';

/**
 * The kubelet's streaming endpoints over SPDY/3.1, as the API server drives them: authn/authz on
 * the upgrade, the v4 error stream's exit status, the pod UID check, the session limit and the
 * idle timeout.
 */
describe('kubelet API: exec, attach and port-forward over SPDY/3.1', () => {
  let f: Fixture;
  const clock = new ManualClock();

  beforeAll(async () => {
    f = await startFixture({ maxStreams: 2, streamIdleTimeoutMs: 60_000, clock });
    f.pods.add(
      {
        metadata: { name: 'web', namespace: 'default', uid: 'uid-web' },
        spec: { containers: [{ name: 'app', image: 'registry/app:1' }] },
      },
      'eci-web',
    );
  });
  afterAll(() => f.server.close());

  const connect = (path: string, protocols?: string[]) =>
    spdyConnect(f.server.port, path, { ca: f.certs.ca.certPem, cert: f.certs.apiserver, protocols });

  /** Opens the streams kubectl opens for `exec` without stdin, and returns them. */
  async function execStreams(c: SpdyClient): Promise<{ error: number; stdout: number; stderr: number }> {
    const error = await c.open('error');
    const stdout = await c.open('stdout');
    const stderr = await c.open('stderr');
    return { error, stdout, stderr };
  }

  it('negotiates v4 and reports a non-zero exit as the kubelet does (NonZeroExitCode, ExitCode cause)', async () => {
    const c = await connect('/exec/default/web/app?command=exit&command=3&output=1&error=1', [
      'v5.channel.k8s.io',
      'v4.channel.k8s.io',
      'channel.k8s.io',
    ]);
    expect(c.status).toBe(101);
    expect(c.headers['x-stream-protocol-version']).toBe('v4.channel.k8s.io');
    const s = await execStreams(c);
    expect(JSON.parse(await c.received(s.error))).toEqual({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      message: 'command terminated with non-zero exit code: exit status 3',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    expect(f.backend.openedExecs.at(-1)).toEqual({
      ContainerGroupId: 'eci-web',
      ContainerName: 'app',
      Command: ['exit', '3'],
      TTY: false,
      Stdin: false,
    });
  });

  it('carries stdin to the session and its output back; success is a Success status', async () => {
    const c = await connect('/exec/default/web/uid-web/app?command=cat&input=1&output=1&error=1');
    const error = await c.open('error');
    const stdin = await c.open('stdin');
    const stdout = await c.open('stdout');
    await c.open('stderr');
    c.send(stdin, 'a\nb\n');
    c.send(stdin, '', true);
    expect(await c.received(stdout)).toBe('a\nb\n');
    expect(JSON.parse(await c.received(error))).toEqual({ status: 'Success' });
  });

  it('passes terminal resizes on (tty: a resize stream, no stderr)', async () => {
    const c = await connect('/exec/default/web/app?command=cat&input=1&output=1&tty=1');
    const error = await c.open('error');
    const stdin = await c.open('stdin');
    await c.open('stdout');
    const resize = await c.open('resize');
    c.send(resize, '{"Width":100,"Height":30}{"Width":120,');
    c.send(resize, '"Height":40}');
    c.send(stdin, '', true);
    expect(JSON.parse(await c.received(error))).toEqual({ status: 'Success' });
    expect(f.backend.resizes.slice(-2)).toEqual([
      { Width: 100, Height: 30 },
      { Width: 120, Height: 40 },
    ]);
  });

  it('a pod recreated under the same name (another UID) is never reached', async () => {
    const before = f.backend.openedExecs.length;
    const c = await connect('/exec/default/web/uid-old/app?command=echo&output=1&error=1');
    const s = await execStreams(c);
    expect(JSON.parse(await c.received(s.error))).toMatchObject({
      status: 'Failure',
      message: 'pod not found',
    });
    expect(f.backend.openedExecs.length).toBe(before);
  });

  it('an unknown container or a refused session comes back as a readable failure', async () => {
    const c = await connect('/exec/default/web/nope?command=echo&output=1&error=1');
    const s = await execStreams(c);
    expect(JSON.parse(await c.received(s.error)).message).toBe('container "nope" not found in pod "web"');
    const d = await connect('/exec/default/web/app?command=fail&output=1&error=1');
    const t = await execStreams(d);
    expect(JSON.parse(await d.received(t.error)).message).toBe(
      'error executing command in container "app" of pod "default/web": container is not running',
    );
  });

  it('the old protocols get the plain-text error stream (no exit code in them)', async () => {
    const c = await connect('/exec/default/web/app?command=exit&command=2&output=1&error=1', [
      'v2.channel.k8s.io',
    ]);
    expect(c.headers['x-stream-protocol-version']).toBe('v2.channel.k8s.io');
    const s = await execStreams(c);
    expect(await c.received(s.error)).toBe('command terminated with non-zero exit code: exit status 2');
  });

  it('refuses sessions beyond the limit with a clear error, and closes idle ones', async () => {
    const open = async (): Promise<{ c: SpdyClient; error: number }> => {
      const c = await connect('/exec/default/web/app?command=hang&output=1&error=1');
      const s = await execStreams(c);
      return { c, error: s.error };
    };
    const first = await open();
    const second = await open();
    await new Promise((r) => setImmediate(r));
    const third = await open();
    expect(JSON.parse(await third.c.received(third.error)).message).toBe(
      'this virtual node already serves 2 exec/attach/port-forward sessions (KUBELET_MAX_STREAMS): close one, or try again later',
    );
    expect(f.backend.liveExecs).toBe(2);
    clock.advance(60_000);
    await first.c.closed;
    await second.c.closed;
    expect(f.backend.liveExecs).toBe(0);
    // Slots are free again.
    const again = await connect('/exec/default/web/app?command=echo&command=hi&output=1&error=1');
    const s = await execStreams(again);
    expect(await again.received(s.stdout)).toBe('hi\n');
  });

  it('attach completes the upgrade and says why it cannot work and what to use instead', async () => {
    const c = await connect('/attach/default/web/app?output=1&error=1');
    const s = await execStreams(c);
    const status = JSON.parse(await c.received(s.error)) as { status: string; message: string };
    expect(status.status).toBe('Failure');
    expect(status.message).toContain('kubectl attach is not supported on this virtual node');
    expect(status.message).toContain('kubectl logs -f <pod>');
  });

  it("port-forward carries each connection's bytes to the pod's address and back", async () => {
    // The pod's "address" is a server on this host: it answers what it reads, then closes.
    const pod = createServer((socket) =>
      socket.once('data', (d: Buffer) => socket.end(`pong:${d.toString()}`)),
    );
    await new Promise<void>((resolve) => pod.listen(0, '127.0.0.1', resolve));
    const port = String((pod.address() as AddressInfo).port);
    f.pods.add(
      {
        metadata: { name: 'served', namespace: 'default', uid: 'uid-served' },
        spec: { containers: [{ name: 'app', image: 'registry/app:1' }] },
        status: { podIP: '127.0.0.1' },
      },
      'eci-served',
    );
    const c = await connect('/portForward/default/served', ['portforward.k8s.io']);
    expect(c.headers['x-stream-protocol-version']).toBe('portforward.k8s.io');
    const error = await c.open('error', { port, requestid: '0' });
    const data = await c.open('data', { port, requestid: '0' });
    c.send(data, 'ping', true);
    expect(await c.received(data)).toBe('pong:ping');
    expect(await c.received(error)).toBe('');
    // A second connection over the same session: a port nothing listens on fails in the kubelet's words.
    pod.close();
    const error2 = await c.open('error', { port, requestid: '1' });
    await c.open('data', { port, requestid: '1' });
    expect(await c.received(error2)).toMatch(
      new RegExp(
        `^error forwarding port ${port} to pod served_default, uid uid-served: dial tcp 127.0.0.1:${port}: connect: connection refused$`,
      ),
    );
    c.close();
  });

  it('port-forward says why on the error stream when the pod has no address or is not here', async () => {
    const c = await connect('/portForward/default/web', ['portforward.k8s.io']);
    const error = await c.open('error', { port: '80', requestid: '0' });
    const data = await c.open('data', { port: '80', requestid: '0' });
    expect(await c.received(error)).toBe('pod default/web has no IP address yet: wait until it is Running');
    expect(await c.received(data)).toBe('');
    const gone = await connect('/portForward/default/web/other-uid', ['portforward.k8s.io']);
    const goneError = await gone.open('error', { port: '80', requestid: '0' });
    await gone.open('data', { port: '80', requestid: '0' });
    expect(await gone.received(goneError)).toBe('pod default/web is not on this virtual node');
  });

  it('authenticates and authorizes the upgrade (nodes/proxy, verb create) before any SPDY', async () => {
    const anonymous = await spdyConnect(f.server.port, '/exec/default/web/app?command=echo&output=1', {
      ca: f.certs.ca.certPem,
    });
    expect(anonymous.status).toBe(401);
    const nobody = await spdyConnect(f.server.port, '/exec/default/web/app?command=echo&output=1', {
      ca: f.certs.ca.certPem,
      cert: f.certs.nobody,
    });
    expect(nobody.status).toBe(403);
    expect(nobody.body).toContain(
      'Forbidden (user=nobody, verb=create, resource=nodes, subresource(s)=[proxy])',
    );
    expect(f.authorizer.asked.at(-1)?.attrs).toMatchObject({
      verb: 'create',
      subresource: 'proxy',
      name: NODE,
    });
  });

  it('without the protocol header: 400; with none in common: 403 listing what is accepted', async () => {
    const none = await connect('/exec/default/web/app?command=echo&output=1', []);
    expect(none.status).toBe(400);
    const old = await connect('/exec/default/web/app?command=echo&output=1', ['v9.channel.k8s.io']);
    expect(old.status).toBe(403);
    expect(old.headers['x-accepted-stream-protocol-versions']).toBe(
      'v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io',
    );
  });
});
