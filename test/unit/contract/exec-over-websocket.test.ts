import { createAlibabaBackend } from '../../../providers/alibaba/index.js';
import type { Backend, ExecChannel, ExecExit, InteractiveExecQuery } from '../../../providers/backend.js';
import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';
import { readTar, writeTar } from '../../../providers/simulator/tar.js';
import {
  startServer,
  TEST_KEY,
  REGION,
  createParams,
  callV1,
  type RunningServer,
} from '../openapi/helpers.js';

/**
 * Interactive exec the way the kubelet API runs it on real ECI: the SDK backend calls
 * ExecContainerCommand (Sync=false), connects to the WebSocketUri and speaks its channel protocol,
 * here against the simulator's OpenAPI endpoint.
 */
let server: RunningServer;
let engine: EciSimulator;
let clock: ManualClock;
let backend: Backend;
let groupId: string;

beforeEach(async () => {
  clock = new ManualClock();
  engine = new EciSimulator({ speed: 1, jitter: 0, clock });
  server = await startServer(engine);
  backend = await createAlibabaBackend({
    regionId: REGION,
    endpoint: server.url,
    credentials: {
      type: 'access_key',
      origin: 'test',
      accessKeyId: TEST_KEY.accessKeyId,
      accessKeySecret: TEST_KEY.secretAccessKey,
    },
    tuning: { rateLimits: false, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
  });
  const created = await callV1(
    server.url,
    'CreateContainerGroup',
    createParams('exec-ws', {
      'Container.1.EnvironmentVar.1.Key': 'GREETING',
      'Container.1.EnvironmentVar.1.Value': 'hello',
      'Volume.1.Name': 'cfg',
      'Volume.1.Type': 'ConfigFileVolume',
      'Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path': 'app.conf',
      'Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content': Buffer.from('port=80\n').toString('base64'),
      'Container.1.VolumeMount.1.Name': 'cfg',
      'Container.1.VolumeMount.1.MountPath': '/etc/app',
    }),
  );
  groupId = String(created.body.ContainerGroupId);
  clock.advance(60_000);
});
afterEach(async () => {
  await backend.close();
  await server.close();
  await engine.close();
});

interface Session {
  channel: ExecChannel;
  stdout: () => string;
  stderr: () => string;
  raw: () => Buffer;
  exit: Promise<ExecExit>;
}

async function open(Command: string[], opts: Partial<InteractiveExecQuery> = {}): Promise<Session> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let done: (e: ExecExit) => void = () => undefined;
  const exit = new Promise<ExecExit>((resolve) => (done = resolve));
  const channel = await backend.openExec(
    { ContainerGroupId: groupId, ContainerName: 'app', Command, TTY: false, Stdin: false, ...opts },
    { stdout: (d) => out.push(d), stderr: (d) => err.push(d), exit: done },
  );
  return {
    channel,
    exit,
    raw: () => Buffer.concat(out),
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
  };
}

test('a command: stdout and stderr apart, and its exit code', async () => {
  const s = await open(['sh', '-c', 'echo out $GREETING; echo err >&2; cat /etc/app/app.conf; exit 3']);
  expect(await s.exit).toEqual({ code: 3 });
  expect(s.stdout()).toBe('out hello\nport=80\n');
  expect(s.stderr()).toBe('err\n');
});

test('stdin reaches the command and its EOF ends it', async () => {
  const s = await open(['cat'], { Stdin: true });
  s.channel.stdin(Buffer.from('a\nb'));
  s.channel.stdin(Buffer.from('\n'));
  s.channel.endStdin();
  expect(await s.exit).toEqual({ code: 0 });
  expect(s.stdout()).toBe('a\nb\n');
});

test('a TTY shell: prompt, echo, line editing, resize accepted, Ctrl-D leaves with the last status', async () => {
  const s = await open(['/bin/sh'], { TTY: true, Stdin: true });
  s.channel.resize({ Width: 120, Height: 40 });
  s.channel.stdin(Buffer.from('hostnamX\x7fe\r'));
  s.channel.stdin(Buffer.from('false\r'));
  s.channel.stdin(Buffer.from('echo $COLUMNS x $LINES\r'));
  s.channel.stdin(Buffer.from('\x04'));
  expect(await s.exit).toEqual({ code: 0 });
  expect(s.stdout()).toBe(
    '/ # hostnamX\b \be\r\nexec-ws\r\n/ # false\r\n/ # echo $COLUMNS x $LINES\r\n120 x 40\r\n/ # exit\r\n',
  );
});

test('exit N in an interactive shell ends the session with N', async () => {
  const s = await open(['sh'], { Stdin: true });
  s.channel.stdin(Buffer.from('echo one\nexit 7\necho never\n'));
  expect(await s.exit).toEqual({ code: 7 });
  expect(s.stdout()).toBe('one\n');
});

test('sh FILE runs a copied-in script once, not an interactive shell', async () => {
  const put = await open(['tar', '-xmf', '-', '-C', '/tmp'], { Stdin: true });
  put.channel.stdin(
    writeTar([
      { name: 'run.sh', type: 'file', mode: 0o755, data: Buffer.from('echo ran\nexit 5\n'), mtimeSec: 0 },
    ]),
  );
  put.channel.endStdin();
  expect(await put.exit).toEqual({ code: 0 });
  const run = await open(['sh', '/tmp/run.sh'], { Stdin: false });
  expect(await run.exit).toEqual({ code: 5 });
  expect(run.stdout()).toBe('ran\n');
});

test('tar in and out, as kubectl cp runs it: files and folders survive the round trip', async () => {
  const archive = writeTar([
    { name: 'data', type: 'dir', mode: 0o755, data: Buffer.alloc(0), mtimeSec: 0 },
    { name: 'data/a.txt', type: 'file', mode: 0o644, data: Buffer.from('A'), mtimeSec: 0 },
    { name: 'data/sub/b.bin', type: 'file', mode: 0o600, data: Buffer.from([0, 1, 2, 255]), mtimeSec: 0 },
  ]);
  const put = await open(['tar', '-xmf', '-', '-C', '/tmp'], { Stdin: true });
  put.channel.stdin(archive);
  put.channel.endStdin();
  expect(await put.exit).toEqual({ code: 0 });

  const ls = await open(['ls', '/tmp/data']);
  expect(await ls.exit).toEqual({ code: 0 });
  expect(ls.stdout()).toBe('a.txt\nsub\n');

  const get = await open(['tar', 'cf', '-', '/tmp/data']);
  expect(await get.exit).toEqual({ code: 0 });
  const entries = readTar(get.raw()).map((e) => [e.name, e.type, e.data.toString('hex')]);
  expect(entries).toEqual([
    ['tmp/data', 'dir', ''],
    ['tmp/data/a.txt', 'file', '41'],
    ['tmp/data/sub', 'dir', ''],
    ['tmp/data/sub/b.bin', 'file', '000102ff'],
  ]);

  const missing = await open(['tar', 'cf', '-', '/nope']);
  expect(await missing.exit).toEqual({ code: 2 });
  expect(missing.stderr()).toContain('tar: /nope: Cannot stat: No such file or directory');
});

test('an unknown container is refused by ExecContainerCommand before any socket', async () => {
  await expect(
    backend.openExec(
      { ContainerGroupId: groupId, ContainerName: 'nope', Command: ['sh'], TTY: true, Stdin: true },
      { stdout: () => undefined, stderr: () => undefined, exit: () => undefined },
    ),
  ).rejects.toMatchObject({ code: 'InvalidParameter.NotFound' });
});

test('the in-process simulator backend (npm start) runs the same session without a socket', async () => {
  const sdk = backend;
  backend = engine;
  try {
    const s = await open(['sh', '-c', 'echo in-process; cat /etc/app/app.conf >&2; exit 4']);
    expect(await s.exit).toEqual({ code: 4 });
    expect(s.stdout()).toBe('in-process\n');
    expect(s.stderr()).toBe('port=80\n');
  } finally {
    backend = sdk;
  }
});
