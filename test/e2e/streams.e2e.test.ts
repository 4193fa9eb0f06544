import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  core,
  createNamespace,
  deleteNamespace,
  env,
  kubectl,
  nodeName,
  virtualNodePod,
  waitForPhase,
} from './lib/cluster.js';

/**
 * kubectl exec, exec -i, exec -it, cp, attach and port-forward through the real kube-apiserver to the
 * virtual node's kubelet API, and on to the simulator's ExecContainerCommand WebSocket (the e2e
 * cluster runs the SDK backend against it). Each exec runs twice: kubectl's default WebSocket, which
 * the API server translates to SPDY for the kubelet, and KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false,
 * where kubectl's own SPDY upgrade is proxied through.
 */
const ns = 'e2e-streams';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The API server's WebSocket-to-SPDY translator greets kubectl with an empty message on stdout
 * (apiserver util/proxy createWebSocketStreams: "notify the client the connection is established"),
 * and kubectl v1.32's reader runs beside the code that registers its streams, so now and then it
 * reads the greeting first and logs this line. No data is lost (the message is empty) and a real
 * kubelet behind the same API server gets the same line; everything else on stderr still counts.
 */
const CLIENT_GREETING_RACE =
  /^E\d{4} [\d:.]+ +\d+ websocket\.go:\d+\] Unknown stream id 1, discarding message\n/gm;

function kubectlRun(
  args: string[],
  opts: { input?: string; websockets?: boolean; cwd?: string } = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', env.KUBECONFIG, '-n', ns, ...args],
      {
        cwd: opts.cwd,
        timeout: 60_000,
        env: {
          ...process.env,
          ...(opts.websockets === false && { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' }),
        },
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr: stderr.replace(CLIENT_GREETING_RACE, '') });
      },
    );
    child.stdin?.end(opts.input ?? '');
  });
}

beforeAll(async () => {
  await createNamespace(ns);
  await kubectl('create', 'configmap', 'cfg', '-n', ns, '--from-literal=greeting=hello from a configmap');
  await core.createNamespacedPod({
    namespace: ns,
    body: virtualNodePod('box', ns, {
      containers: [
        {
          name: 'app',
          image: 'busybox',
          command: ['sh', '-c', 'sleep 3600'],
          env: [{ name: 'FOO', value: 'bar' }],
          volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }],
        },
      ],
      volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
      dnsConfig: { options: [{ name: 'edns0' }] },
      hostAliases: [{ ip: '10.9.8.7', hostnames: ['db.internal', 'db'] }],
    }),
  });
  await waitForPhase(ns, 'box', 'Running');
});
afterAll(() => deleteNamespace(ns));

describe.each([
  ['WebSocket (translated to SPDY by the API server)', true],
  ['SPDY (KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false)', false],
])('kubectl exec over %s', (_name, websockets) => {
  it('keeps stdout and stderr apart and exits with the command exit code', async () => {
    const r = await kubectlRun(['exec', 'box', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'], {
      websockets,
    });
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\ncommand terminated with exit code 3\n');
    expect(r.code).toBe(3);
  });

  it('passes stdin to the command, and its EOF ends it', async () => {
    const r = await kubectlRun(['exec', '-i', 'box', '--', 'cat'], { input: 'a\nb\n', websockets });
    expect(r).toEqual({ code: 0, stdout: 'a\nb\n', stderr: '' });
  });

  it('reads the env, the hostname and a mounted ConfigMap', async () => {
    const r = await kubectlRun(
      ['exec', 'box', '--', 'sh', '-c', 'echo $FOO; hostname; ls /etc/cfg; cat /etc/cfg/greeting'],
      {
        websockets,
      },
    );
    expect(r).toEqual({ code: 0, stdout: 'bar\nbox\ngreeting\nhello from a configmap\n', stderr: '' });
  });
});

/** Runs `command` in a real pseudo-terminal (util-linux `script`), typing each input once `after` shows. */
function inTerminal(
  command: string,
  steps: { after: string; type: string }[],
): Promise<{ code: number; screen: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...process.env, TERM: 'xterm' },
    });
    let screen = '';
    let next = 0;
    // Where the text awaited by the next step may appear: after what the previous step typed.
    let from = 0;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`terminal session stuck; screen so far:\n${screen}`));
    }, 60_000);
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString('utf8');
      while (next < steps.length && screen.indexOf(steps[next].after, from) >= 0) {
        from = screen.length;
        child.stdin.write(steps[next].type);
        next++;
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, screen });
    });
  });
}

describe('the pod’s /etc, as a DNS question starts', () => {
  it('resolves through the cluster DNS with the pod’s search path and options, and has its host aliases', async () => {
    const dns = await core.readNamespacedService({ name: 'kube-dns', namespace: 'kube-system' });
    const pod = await core.readNamespacedPod({ name: 'box', namespace: ns });
    const r = await kubectlRun(
      ['exec', 'box', '--', 'cat', '/etc/resolv.conf', '/etc/hosts', '/etc/hostname'],
      {
        websockets: true,
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        `search ${ns}.svc.cluster.local svc.cluster.local cluster.local`,
        `nameserver ${dns.spec?.clusterIP ?? ''}`,
        'options ndots:5 edns0',
        '127.0.0.1\tlocalhost',
      ].join('\n'),
    );
    expect(r.stdout).toContain(`\n${pod.status?.podIP ?? ''}\tbox\n`);
    expect(r.stdout).toContain('# Entries added by HostAliases.\n10.9.8.7\tdb.internal\tdb\nbox\n');
  });
});

describe('kubectl exec -it through a pseudo-terminal', () => {
  it('prompts, echoes and runs typed lines, takes the window size, and leaves on Ctrl-D', async () => {
    const kc = `kubectl --kubeconfig ${env.KUBECONFIG} -n ${ns}`;
    const { code, screen } = await inTerminal(`stty cols 132 rows 43; ${kc} exec -it box -- sh`, [
      { after: '/ # ', type: 'echo hi $FOO\r' },
      { after: '/ # ', type: 'echo size $COLUMNS x $LINES\r' },
      { after: '/ # ', type: 'cd /etc/cfg\r' },
      { after: '/etc/cfg # ', type: 'ls\r' },
      { after: '/etc/cfg # ', type: '\x04' },
    ]);
    expect(screen).toContain('/ # echo hi $FOO\r\nhi bar\r\n');
    expect(screen).toContain('size 132 x 43\r\n');
    expect(screen).toContain('/etc/cfg # ls\r\ngreeting\r\n');
    expect(code).toBe(0);
  });
});

describe('kubectl cp', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-cp-'));
    writeFileSync(join(dir, 'note.txt'), 'a file\n');
    mkdirSync(join(dir, 'tree/sub'), { recursive: true });
    writeFileSync(join(dir, 'tree/top.txt'), 'top\n');
    writeFileSync(join(dir, 'tree/sub/deep.bin'), Buffer.from([0, 1, 2, 254, 255]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies a file and a folder into the pod and back out', async () => {
    expect((await kubectlRun(['cp', 'note.txt', 'box:/tmp/note.txt'], { cwd: dir })).code).toBe(0);
    expect((await kubectlRun(['cp', 'tree', 'box:/tmp/tree'], { cwd: dir })).code).toBe(0);
    const ls = await kubectlRun([
      'exec',
      'box',
      '--',
      'sh',
      '-c',
      'cat /tmp/note.txt; ls /tmp/tree /tmp/tree/sub',
    ]);
    expect(ls.stdout).toBe('a file\n/tmp/tree:\nsub\ntop.txt\n/tmp/tree/sub:\ndeep.bin\n');

    const back = await kubectlRun(['cp', 'box:/tmp/note.txt', 'note-back.txt'], { cwd: dir });
    expect(back.code).toBe(0);
    expect(readFileSync(join(dir, 'note-back.txt'), 'utf8')).toBe('a file\n');
    expect((await kubectlRun(['cp', 'box:/tmp/tree', 'tree-back'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'tree-back/top.txt'), 'utf8')).toBe('top\n');
    expect([...readFileSync(join(dir, 'tree-back/sub/deep.bin'))]).toEqual([0, 1, 2, 254, 255]);
  });

  it('copies a mounted ConfigMap file out of the pod', async () => {
    expect((await kubectlRun(['cp', 'box:/etc/cfg/greeting', 'greeting'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'greeting'), 'utf8')).toBe('hello from a configmap');
  });

  it('a command ECI cannot take (an argument over 256 characters) is refused with a fix that works', async () => {
    const script = `echo ${'a'.repeat(300)}`;
    const refused = await kubectlRun(['exec', 'box', '--', 'sh', '-c', script]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('item 2 has 305 characters; ECI takes at most 256 per item');
    expect(refused.stderr).toContain(`kubectl cp script.sh ${ns}/box:/tmp/script.sh -c app`);
    // The advised fix: the script as a file, run by the shell.
    writeFileSync(join(dir, 'script.sh'), `${script}\n`);
    expect(
      (await kubectlRun(['cp', 'script.sh', `${ns}/box:/tmp/script.sh`, '-c', 'app'], { cwd: dir })).code,
    ).toBe(0);
    expect(await kubectlRun(['exec', '-n', ns, 'box', '-c', 'app', '--', 'sh', '/tmp/script.sh'])).toEqual({
      code: 0,
      stdout: `${'a'.repeat(300)}\n`,
      stderr: '',
    });
  });
});

describe('what ECI cannot do, kubectl says plainly', () => {
  it.each([true, false])('attach (websockets %s): why, and what to use instead', async (websockets) => {
    const r = await kubectlRun(['attach', 'box'], { websockets });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('kubectl attach is not supported on this virtual node');
    expect(r.stderr).toContain('kubectl logs -f <pod>');
    expect(r.stderr).not.toContain('unknown error');
  });

  it('port-forward: a local port reaches the pod, connection by connection', async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: virtualNodePod('web', ns, {
        containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
      }),
    });
    await waitForPhase(ns, 'web', 'Running');
    const child = spawn('kubectl', [
      '--kubeconfig',
      env.KUBECONFIG,
      '-n',
      ns,
      'port-forward',
      'pod/web',
      ':80',
    ]);
    try {
      let out = '';
      const port = await new Promise<number>((resolve) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /127\.0\.0\.1:(\d+) ->/.exec(out);
          if (m) resolve(Number(m[1]));
        });
      });
      for (const path of ['/', '/healthz']) {
        const answer = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(answer.status).toBe(200);
        // The simulator answers for the container: on ECI, nginx itself would.
        const text = await answer.text();
        expect(text).toContain('container web (nginx:1.27) of container group');
        expect(text).toContain(`answered GET ${path} on port 80`);
      }
      expect(out).toContain('Handling connection for');
    } finally {
      child.kill();
    }
  });
});

describe('stream security', () => {
  it('refuses an anonymous SPDY upgrade sent straight to the kubelet port with 401', async () => {
    const node = await core.readNode({ name: nodeName });
    const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0;
    // Where the API server reaches the kubelet: the node's InternalIP.
    const host = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request({
        host,
        port,
        method: 'POST',
        path: `/exec/${ns}/box/app?command=sh&input=1&output=1&tty=1`,
        rejectUnauthorized: false,
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'SPDY/3.1',
          'X-Stream-Protocol-Version': 'v4.channel.k8s.io',
        },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('upgrade', () => resolve(101));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(401);
  });

  it('a user without pods/exec is refused by the API server', async () => {
    await kubectl('create', 'serviceaccount', 'nobody', '-n', ns);
    const r = await kubectlRun(['exec', 'box', `--as=system:serviceaccount:${ns}:nobody`, '--', 'ls']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/forbidden/);
  });

  it('the controller keeps syncing pods while a session is open', async () => {
    const session = spawn('kubectl', [
      '--kubeconfig',
      env.KUBECONFIG,
      '-n',
      ns,
      'exec',
      '-i',
      'box',
      '--',
      'cat',
    ]);
    let echoed = '';
    session.stdout.on('data', (d: Buffer) => (echoed += d.toString()));
    session.stdin.write('still here\n');
    await core.createNamespacedPod({ namespace: ns, body: virtualNodePod('during', ns) });
    await waitForPhase(ns, 'during', 'Running');
    const exited = new Promise<number | null>((resolve) => session.on('exit', resolve));
    session.stdin.end();
    expect(await exited).toBe(0);
    expect(echoed).toBe('still here\n');
  });
});
