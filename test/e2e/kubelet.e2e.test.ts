import * as https from 'node:https';
import {
  core,
  createNamespace,
  deleteNamespace,
  env,
  kc,
  kubectl,
  kubectlStdin,
  nodeName,
  virtualNodePod,
  waitFor,
  waitForPhase,
} from './lib/cluster.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const ns = 'e2e-kubelet';
const run = promisify(execFile);

/** A request straight to the kubelet port at the node's InternalIP, with or without the admin client certificate. */
async function kubeletRequest(path: string, withCert: boolean): Promise<{ status: number; body: string }> {
  const node = await core.readNode({ name: nodeName });
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0;
  const host = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  const user = kc.getCurrentUser();
  const decode = (b64?: string): Buffer | undefined => (b64 ? Buffer.from(b64, 'base64') : undefined);
  return new Promise((resolve, reject) => {
    https
      .get(
        {
          host,
          port,
          path,
          rejectUnauthorized: false,
          ...(withCert ? { cert: decode(user?.certData), key: decode(user?.keyData) } : {}),
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      )
      .on('error', reject);
  });
}

/** GET through the API server's node proxy, as `kubectl get --raw` does. */
function kubeletGet(path: string): Promise<string> {
  return kubectl('get', '--raw', `/api/v1/nodes/${nodeName}/proxy${path}`);
}

beforeAll(async () => {
  await createNamespace(ns);
  await core.createNamespacedPod({
    namespace: ns,
    body: virtualNodePod('talker', ns, {
      restartPolicy: 'Never',
      containers: [
        { name: 'app', image: 'busybox', command: ['sh', '-c', 'echo one; echo two; echo three; sleep 600'] },
      ],
    }),
  });
  await waitForPhase(ns, 'talker', 'Running');
});
afterAll(() => deleteNamespace(ns));

describe('kubectl logs through the API server and the kubelet API', () => {
  it('shows the container output, with --tail and --timestamps', async () => {
    const all = await waitFor('three lines', async () => {
      const out = await kubectl('logs', '-n', ns, 'talker');
      return out.includes('three') ? out : undefined;
    });
    expect(all.trim().split('\n')).toEqual(['one', 'two', 'three']);
    expect((await kubectl('logs', '-n', ns, 'talker', '--tail=1')).trim()).toBe('three');
    const stamped = (await kubectl('logs', '-n', ns, 'talker', '--timestamps')).trim().split('\n');
    expect(stamped[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z one$/);
    expect(await kubectl('logs', '-n', ns, 'talker', '--since=1h')).toContain('one');
  });

  it('shows a shell counter as the container counts (`$((i+1))` in an endless loop)', async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: virtualNodePod('counter', ns, {
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done'],
          },
        ],
      }),
    });
    const out = await waitFor('three ticks', async () => {
      const logs = await kubectl('logs', '-n', ns, 'counter').catch(() => '');
      return logs.includes('tick 3') ? logs : undefined;
    });
    expect(out.trim().split('\n').slice(0, 3)).toEqual(['tick 1', 'tick 2', 'tick 3']);
  });

  it('follows with -f until the client stops', async () => {
    const child = await run('kubectl', [
      '--kubeconfig',
      env.KUBECONFIG,
      'logs',
      '-f',
      '-n',
      ns,
      'talker',
      '--request-timeout=4s',
    ]).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    expect(child.stdout).toContain('three');
  });

  it('shows the previous instance with --previous after a restart', async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: virtualNodePod('crasher', ns, {
        containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'echo attempt; exit 1'] }],
      }),
    });
    await waitFor('a restart', async () => {
      const pod = await core.readNamespacedPod({ name: 'crasher', namespace: ns });
      return (pod.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? true : undefined;
    });
    expect((await kubectl('logs', '-n', ns, 'crasher', '--previous')).trim()).toBe('attempt');
  });

  it('answers 404 for an unknown container', async () => {
    await expect(kubectl('logs', '-n', ns, 'talker', '-c', 'nope')).rejects.toThrow(/nope/);
  });

  // Through nodes/<node>/proxy: the API server authenticates to the kubelet with its kubelet client
  // certificate, and the kubelet authorizes that user with a SubjectAccessReview.
  it('serves stats/summary with the pod, its network included', async () => {
    const summary = JSON.parse(await kubeletGet('/stats/summary')) as {
      node: { nodeName: string };
      pods: {
        podRef: { name: string; namespace: string };
        network?: { name: string; rxBytes: number; interfaces: { name: string }[] };
      }[];
    };
    expect(summary.node.nodeName).toBe(nodeName);
    const talker = summary.pods.find((p) => `${p.podRef.namespace}/${p.podRef.name}` === `${ns}/talker`);
    expect(talker?.network).toMatchObject({ name: 'eth0', interfaces: [{ name: 'eth0' }] });
    expect(talker?.network?.rxBytes).toBeGreaterThanOrEqual(0);
  });

  it('serves resource metrics in the kubelet format', async () => {
    const text = await kubeletGet('/metrics/resource');
    expect(text).toMatch(
      /^container_memory_working_set_bytes\{container="app",namespace="e2e-kubelet",pod="talker"\} \d+/m,
    );
  });

  it('forbids a user without RBAC on nodes/proxy (403 through the API server)', async () => {
    await kubectlStdin(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'nobody', namespace: ns },
      }),
      'apply',
      '-f',
      '-',
    );
    await expect(
      kubectl(
        'get',
        '--raw',
        `/api/v1/nodes/${nodeName}/proxy/stats/summary`,
        `--as=system:serviceaccount:${ns}:nobody`,
      ),
    ).rejects.toThrow(/[Ff]orbidden/);
  });

  it('rejects an anonymous request sent straight to the kubelet port with 401', async () => {
    const status = await kubeletRequest('/pods', false).then((r) => r.status);
    expect(status).toBe(401);
    expect((await kubeletRequest('/pods', true)).status).toBe(200);
  });
});
