import type * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureImage, type BuiltImage } from '../cluster/image/build.js';
import {
  coordination,
  core,
  createNamespace,
  deleteNamespace,
  kc,
  kubectl,
  kubectlStdin,
  observeFor,
  podsIn,
  virtualNodePod,
  waitFor,
  waitForPhase,
} from './lib/cluster.js';
import { find, helmBinary, render, templateYaml, type Manifest } from './lib/chart.js';
import { freePort } from './lib/controllers.js';
import { simGroups as groupsOf, tag } from './lib/simulator.js';
import { podman, podmanLogs, runArgs, serviceAccountDir, type PodContext } from './lib/podman.js';

// The image, built from the Dockerfile (npm run image, cached), run with podman as the chart runs it:
// the chart's default backend=simulator rendered by helm, its simulator Deployment and two replicas of
// its controller Deployment, each container with the chart's env, volumes and securityContext (UID
// 10001, read-only root filesystem), in-cluster credentials of the chart's service account. The one
// difference from a cluster: every container shares this machine's network (ports and the Service
// address are overridden), since the local cluster runs no container runtime of its own.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ns = 'e2e-image';
const nodeName = 'image-e2e-virtual-node';
// The Lease that says which replica serves the node (one per node; this test has one node).
const LEASE = `ack-virtual-node-${nodeName}`;
const replicas = ['controller-0', 'controller-1'] as const;
const containers = ['simulator', ...replicas];
let image: BuiltImage;
let rbacYaml = '';
let simulatorUrl = '';
const metricsPorts: Record<string, number> = {};
const startArgs: Record<string, string[]> = {};

/** The chart's simulator component, asked directly (its admin view answers on loopback). */
const simGroups = () => groupsOf(simulatorUrl);

function podOf(objects: Manifest[], deployment: string): k8s.V1PodSpec {
  const spec = find<k8s.V1Deployment>(objects, 'Deployment', deployment).spec?.template.spec;
  if (spec === undefined) throw new Error(`Deployment ${deployment} has no pod spec`);
  return spec;
}

function secretsOf(objects: Manifest[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const o of objects.filter((x) => x.kind === 'Secret'))
    out[o.metadata.name] = (o as unknown as k8s.V1Secret).stringData ?? {};
  return out;
}

function clusterCaPem(): string {
  const cluster = kc.getCurrentCluster();
  if (cluster?.caData) return Buffer.from(cluster.caData, 'base64').toString();
  if (cluster?.caFile) return readFileSync(cluster.caFile, 'utf8');
  throw new Error('the suite kubeconfig names no cluster CA');
}

/** The replica holding the node's owner Lease. */
async function ownerContainer(): Promise<string> {
  const lease = await coordination.readNamespacedLease({ name: LEASE, namespace: ns });
  const holder = lease.spec?.holderIdentity ?? '';
  const name = replicas.find((r) => holder.startsWith(`${r}_`));
  if (name === undefined) throw new Error(`lease ${LEASE} is held by ${holder || 'nobody'}`);
  return name;
}

async function allRunning(count: number): Promise<k8s.V1Pod[] | undefined> {
  const pods = await podsIn(ns);
  return pods.length === count && pods.every((p) => p.status?.phase === 'Running') ? pods : undefined;
}

/** Every pod has exactly one container group, Running: nothing lost, nothing doubled. */
async function expectOneRunningGroupEach(pods: k8s.V1Pod[]): Promise<void> {
  const groups = await simGroups();
  for (const pod of pods) {
    const mine = groups.filter((g) => tag(g, 'UID') === pod.metadata?.uid);
    expect({ pod: pod.metadata?.name, groups: mine.map((g) => g.Status) }).toEqual({
      pod: pod.metadata?.name,
      groups: ['Running'],
    });
  }
}

describe('the image, run as the chart runs it', () => {
  beforeAll(async () => {
    image = await ensureImage({ root, onProgress: (line) => process.stderr.write(`[image] ${line}\n`) });
    await helmBinary();
    await createNamespace(ns);
    const values = [
      '--set',
      `nodeName=${nodeName}`,
      '--set',
      'clusterId=image-e2e',
      '--set',
      'simulator.speed=0',
    ];
    const objects = await render(ns, ...values);
    rbacYaml = await templateYaml(
      ns,
      '--show-only',
      'templates/controller-rbac.yaml',
      '--show-only',
      'templates/simulator-rbac.yaml',
    );
    await kubectlStdin(rbacYaml, 'apply', '-f', '-');
    // What each pod's service account mount holds: the simulator watches Services as its own.
    const mountFor = async (account: string) => {
      const token = (await kubectl('create', 'token', account, '-n', ns, '--duration=1h')).trim();
      return {
        '/var/run/secrets/kubernetes.io/serviceaccount': serviceAccountDir(token, clusterCaPem(), ns),
      };
    };
    const apiserver = new URL(kc.getCurrentCluster()?.server ?? '');
    const inCluster = {
      KUBERNETES_SERVICE_HOST: apiserver.hostname,
      KUBERNETES_SERVICE_PORT: apiserver.port,
    };
    const controllerMount = await mountFor('ack-virtual-node-controller');
    const secrets = secretsOf(objects);

    const simPort = await freePort();
    simulatorUrl = `http://127.0.0.1:${simPort}`;
    const simPod = podOf(objects, 'ack-virtual-node-simulator');
    startArgs.simulator = runArgs('simulator', image.name, simPod, simPod.containers[0], {
      fields: {},
      secrets,
      envOverrides: { ECI_SIMULATOR_LISTEN: `127.0.0.1:${simPort}`, ...inCluster },
      mounts: await mountFor('ack-virtual-node-simulator'),
    });
    const ctlPod = podOf(objects, 'ack-virtual-node-controller');
    for (const name of replicas) {
      metricsPorts[name] = await freePort();
      const ctx: PodContext = {
        fields: { 'metadata.namespace': ns, 'status.podIP': '127.0.0.1' },
        secrets,
        envOverrides: {
          // What the chart's ECI_ENDPOINT (the simulator Service) resolves to here.
          ECI_ENDPOINT: simulatorUrl,
          KUBELET_PORT: String(await freePort()),
          METRICS_PORT: String(metricsPorts[name]),
          ...inCluster,
        },
        mounts: controllerMount,
      };
      startArgs[name] = runArgs(name, image.name, ctlPod, ctlPod.containers[0], ctx);
    }
    await podman('rm', '--force', '--ignore', ...containers);
    for (const name of containers) await podman(...startArgs[name]);
  }, 30 * 60_000);

  afterAll(async () => {
    // Pods first, while a controller still runs to delete their groups; then the containers.
    await kubectl('delete', 'pods', '--all', '-n', ns, '--timeout=60s').catch(() => undefined);
    for (const name of containers) {
      const logs = await podmanLogs(name).catch(() => '');
      if (logs) process.stderr.write(`--- last lines of ${name} ---\n${logs}\n`);
    }
    await podman('rm', '--force', '--ignore', '--time', '5', ...containers).catch(() => undefined);
    await core.deleteNode({ name: nodeName }).catch(() => undefined);
    await coordination
      .deleteNamespacedLease({ name: nodeName, namespace: 'kube-node-lease' })
      .catch(() => undefined);
    if (rbacYaml)
      await kubectlStdin(rbacYaml, 'delete', '--ignore-not-found', '-f', '-').catch(() => undefined);
    await deleteNamespace(ns);
  });

  it('runs as UID 10001 on a read-only root filesystem, and the virtual node registers', async () => {
    for (const name of containers) {
      const [user, readOnly] = (
        await podman('inspect', '--format', '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}', name)
      )
        .trim()
        .split(' ');
      expect({ name, user, readOnly }).toEqual({ name, user: '10001:10001', readOnly: 'true' });
    }
    await expect(podman('exec', 'controller-0', 'touch', '/app/written')).rejects.toThrow(
      /Read-only file system/,
    );
    await waitFor(`node ${nodeName} Ready`, async () => {
      const node = await core.readNode({ name: nodeName });
      return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
        ? node
        : undefined;
    });
    // The simulator listed the cluster's Services as its own ServiceAccount before it listened.
    expect(await podmanLogs('simulator', 100_000)).toMatch(
      /listing the cluster's Services and EndpointSlices \(in-cluster\)\n(.*\n)*ECI simulator listening/,
    );
    // Both replicas serve their probes: the node's owner and the other.
    for (const name of replicas)
      await waitFor(`${name} /readyz`, async () =>
        (await fetch(`http://127.0.0.1:${metricsPorts[name]}/readyz`).then(
          (r) => r.ok,
          () => false,
        ))
          ? true
          : undefined,
      );
  });

  it('runs a pod as a container group of the simulator component', async () => {
    await core.createNamespacedPod({ namespace: ns, body: pinned('first') });
    const pod = await waitForPhase(ns, 'first', 'Running');
    expect(pod.spec?.nodeName).toBe(nodeName);
    await expectOneRunningGroupEach([pod]);
  });

  it('loses nothing when the node owner is SIGKILLed: pods stay Running, one group each, the other replica takes over', async () => {
    for (const name of ['a', 'b', 'c']) await core.createNamespacedPod({ namespace: ns, body: pinned(name) });
    const before = await waitFor('4 pods Running', () => allRunning(4));
    const owner = await ownerContainer();
    const other = replicas.find((r) => r !== owner) ?? '';
    await podman('kill', '--signal', 'KILL', owner);
    await waitFor(`${other} to take the node's lease`, async () =>
      (await ownerContainer().catch(() => '')) === other ? true : undefined,
    );
    // The new owner lists every pod and group again: none may be failed or recreated meanwhile.
    await observeFor('pods Running after the failover', 15_000, async () => {
      const pods = await podsIn(ns);
      expect(pods.map((p) => [p.metadata?.name, p.status?.phase])).toEqual(
        before.map((p) => [p.metadata?.name, 'Running']),
      );
      await expectOneRunningGroupEach(pods);
    });
    // The new owner acts: a new pod runs.
    await core.createNamespacedPod({ namespace: ns, body: pinned('after-failover') });
    await waitForPhase(ns, 'after-failover', 'Running');
    // The killed replica comes back (as its Deployment would restart it).
    await podman('rm', '--force', owner);
    await podman(...startArgs[owner]);
    await expectOneRunningGroupEach(await podsIn(ns));
  });

  it("keeps the simulator's groups across the simulator's own restart (its state file)", async () => {
    const ids = (await simGroups()).map((g) => g.ContainerGroupId).sort();
    expect(ids.length).toBe(5);
    await podman('restart', '--time', '10', 'simulator');
    await waitFor('the simulator back', async () =>
      (await simGroups().catch(() => [])).length > 0 ? true : undefined,
    );
    expect((await simGroups()).map((g) => g.ContainerGroupId).sort()).toEqual(ids);
    await observeFor('pods Running after the simulator restart', 10_000, async () => {
      await expectOneRunningGroupEach(await podsIn(ns));
    });
  });
});

/** A pod bound to this test's node (the scheduler would pick it too; binding keeps it off the suite's node). */
function pinned(name: string): k8s.V1Pod {
  const pod = virtualNodePod(name, ns);
  return {
    ...pod,
    spec: { ...pod.spec, nodeName, nodeSelector: undefined, containers: pod.spec?.containers ?? [] },
  };
}
