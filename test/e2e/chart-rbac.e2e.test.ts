import * as k8s from '@kubernetes/client-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cliPath,
  coordination,
  core,
  createNamespace,
  kc,
  kubectl,
  kubectlStdin,
  waitFor,
  waitForPhase,
} from './lib/cluster.js';
import { helmBinary, templateYaml } from './lib/chart.js';
import {
  canIArgs,
  namespaceOf,
  NEEDED,
  namespacesToCheck,
  REFUSED,
  type ApiRequest,
  type Identity,
} from './lib/rbac-needs.js';
import { freePort } from './lib/controllers.js';

// The chart's RBAC, applied for real into a namespace of its own, then used: `kubectl auth can-i`
// for every call the code makes (and for broader ones that must be refused), and the controller
// itself run under the chart's service account.
const ns = 'e2e-chart-rbac';
const account: Record<Identity, string> = {
  controller: 'ack-virtual-node-controller',
  webhook: 'ack-virtual-node-webhook',
  simulator: 'ack-virtual-node-simulator',
};
const asUser = (who: Identity): string => `--as=system:serviceaccount:${ns}:${account[who]}`;
let rbacYaml = '';

async function canI(req: ApiRequest, namespace: string): Promise<boolean> {
  // can-i exits 1 for "no": read the answer, not the exit code.
  const args = [...canIArgs(req, namespace), asUser(req.who)];
  return kubectl(...args).then(
    (out) => out.trim() === 'yes',
    (err: { stdout?: string }) => {
      if (err.stdout?.trim() === 'no') return false;
      throw err;
    },
  );
}

/** A few kubectl processes at a time: the machine has 2 cores. */
async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>, size = 4): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

function describeRequest(req: ApiRequest, namespace: string): string {
  const target = [req.resource, req.subresource].filter(Boolean).join('/') + (req.name ? ` ${req.name}` : '');
  const resolved = namespaceOf(req, namespace);
  const where = req.allNamespaces ? ' in all namespaces' : resolved ? ` in ${resolved}` : '';
  return `${req.who}: ${req.verb} ${target}${where} (${req.why})`;
}

describe('the chart RBAC', () => {
  beforeAll(async () => {
    await helmBinary();
    await createNamespace(ns);
    rbacYaml = await templateYaml(
      ns,
      '--show-only',
      'templates/controller-rbac.yaml',
      '--show-only',
      'templates/webhook-rbac.yaml',
      '--show-only',
      'templates/simulator-rbac.yaml',
    );
    await kubectlStdin(rbacYaml, 'apply', '-f', '-');
  }, 30 * 60_000);

  afterAll(async () => {
    if (rbacYaml)
      await kubectlStdin(rbacYaml, 'delete', '--ignore-not-found', '-f', '-').catch(() => undefined);
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it('grants every call the controller, the webhook and the simulator make', async () => {
    const checks = NEEDED.flatMap((req) =>
      namespacesToCheck(req, ns).map((namespace) => ({ req, namespace })),
    );
    const answers = await inBatches(checks, ({ req, namespace }) => canI(req, namespace));
    const denied = checks
      .filter((_, i) => !answers[i])
      .map(({ req, namespace }) => describeRequest(req, namespace));
    expect(denied).toEqual([]);
  });

  it('grants nothing broader', async () => {
    const answers = await inBatches(REFUSED, (req) => canI(req, ns));
    const granted = REFUSED.filter((_, i) => answers[i]).map((req) => describeRequest(req, ns));
    expect(granted).toEqual([]);
  });

  it('lets the profile watchers list and watch eci-profile by name, and nothing else in kube-system', async () => {
    for (const who of ['controller', 'webhook'] as const) {
      const base = '/api/v1/namespaces/kube-system/configmaps';
      const byName = `${base}?fieldSelector=metadata.name%3Deci-profile`;
      const list = JSON.parse(await kubectl('get', '--raw', byName, asUser(who))) as { kind: string };
      expect(list.kind).toBe('ConfigMapList');
      await kubectl('get', '--raw', `${byName}&watch=true&timeoutSeconds=1`, asUser(who));
      await expect(kubectl('get', '--raw', base, asUser(who))).rejects.toThrow(/forbidden/i);
    }
  });

  describe('the controller running under its service account', () => {
    const nodeName = 'chart-rbac-virtual-node';
    let controller: ChildProcess | undefined;
    let log = '';

    afterAll(async () => {
      // Stopped before its node is deleted, or its heartbeat would register the node again.
      const child = controller;
      if (child !== undefined && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        child.kill('SIGKILL');
      }
      await core.deleteNode({ name: nodeName }).catch(() => undefined);
      await coordination
        .deleteNamespacedLease({ name: nodeName, namespace: 'kube-node-lease' })
        .catch(() => undefined);
    });

    it('registers its node, runs a pod that reads a ConfigMap, a Secret and a token, then deletes it', async () => {
      const token = (await kubectl('create', 'token', account.controller, '-n', ns, '--duration=1h')).trim();
      const metricsPort = await freePort();
      controller = spawn(process.execPath, [cliPath, 'controller'], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          KUBECONFIG: serviceAccountKubeconfig(token),
          ECI_BACKEND: 'simulator',
          ECI_SIMULATOR_SPEED: '0',
          VKUBELET_NODE_NAME: nodeName,
          KUBELET_ADDRESS: '127.0.0.1',
          KUBELET_PORT: '0',
          METRICS_PORT: String(metricsPort),
          LEADER_ELECT: 'true',
          POD_NAMESPACE: ns,
          LOG_LEVEL: 'debug',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      controller.stdout?.on('data', (c: Buffer) => (log += c.toString()));
      controller.stderr?.on('data', (c: Buffer) => (log += c.toString()));

      await waitFor(`node ${nodeName} Ready under the chart's RBAC`, async () => {
        const node = await core.readNode({ name: nodeName });
        return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
          ? true
          : undefined;
      });
      // The node's owner Lease, in the controller's namespace.
      const lease = await coordination.readNamespacedLease({
        name: `ack-virtual-node-${nodeName}`,
        namespace: ns,
      });
      expect(lease.spec?.holderIdentity).toBeTruthy();
      // Ready once the pod loop has listed pods and groups, which comes after the node registers.
      await waitFor(
        '/readyz 200',
        async () => {
          const ready = await fetch(`http://127.0.0.1:${metricsPort}/readyz`);
          return ready.status === 200 ? true : undefined;
        },
        30_000,
      );

      await kubectl('create', 'configmap', 'app-config', '-n', ns, '--from-literal=mode=fast');
      await kubectl('create', 'secret', 'generic', 'app-secret', '-n', ns, '--from-literal=password=s3cret');
      await core.createNamespacedPod({ namespace: ns, body: podReading(nodeName) });
      await waitForPhase(ns, 'reads-refs', 'Running');

      await kubectl('delete', 'pod', 'reads-refs', '-n', ns, '--wait=false');
      await waitFor('the pod to be gone', async () =>
        core.readNamespacedPod({ name: 'reads-refs', namespace: ns }).then(
          () => undefined,
          () => true,
        ),
      );
      expect(log).not.toMatch(/forbidden|\b403\b/i);
    });
  });
});

function podReading(nodeName: string): k8s.V1Pod {
  return {
    metadata: { name: 'reads-refs', namespace: ns },
    spec: {
      nodeName,
      tolerations: [{ key: 'virtual-kubelet.io/provider', operator: 'Exists' }],
      containers: [
        {
          name: 'app',
          image: 'nginx',
          env: [
            { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'mode' } } },
            { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'password' } } },
          ],
        },
      ],
    },
  };
}

/** A kubeconfig for the suite's API server that authenticates as the service account. */
function serviceAccountKubeconfig(token: string): string {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the suite kubeconfig has no current cluster');
  const sa = new k8s.KubeConfig();
  sa.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'chart-controller', token }],
    contexts: [{ name: 'chart-controller', cluster: cluster.name, user: 'chart-controller' }],
    currentContext: 'chart-controller',
  });
  const file = join(mkdtempSync(join(tmpdir(), 'ack-vn-sa-')), 'kubeconfig');
  writeFileSync(file, sa.exportConfig(), { mode: 0o600 });
  return file;
}
