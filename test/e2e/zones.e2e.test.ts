/**
 * A virtual node per zone: a controller given vSwitches of two zones registers two Ready nodes
 * labelled with the zones VPC reports; a Deployment spread over zones runs on both, each pod in its
 * node's zone; a GPU pod runs on a GPU instance type; a zone that leaves ECI_VSWITCH has its node
 * cordoned while its pods run, and deleted once they are gone. VKUBELET_NODES_PER_ZONE=2 gives zone d a
 * second node that shares its pods; back at 1, that node is retired the same way.
 * (The cluster's own controller serves one named region-wide node; this one serves zones d and e.)
 */
import * as k8s from '@kubernetes/client-node';
import {
  apps,
  core,
  createNamespace,
  deleteNamespace,
  events,
  kubectl,
  podsIn,
  waitFor,
} from './lib/cluster.js';
import { clusterRecord, startController, type ExtraController } from './lib/controllers.js';
import { setStock } from './lib/faults.js';
import { groupsByUid } from './lib/simulator.js';

const ns = 'e2e-zones';
const D = 'virtual-kubelet-cn-hangzhou-d';
const E = 'virtual-kubelet-cn-hangzhou-e';
const D2 = 'virtual-kubelet-cn-hangzhou-d-2';
const ZONE_OF: Record<string, string> = { [D]: 'cn-hangzhou-d', [E]: 'cn-hangzhou-e' };
const zoneEnv = (vSwitches: string) => ({
  VKUBELET_NODE_NAME: '',
  ECI_VSWITCH: vSwitches,
  VKUBELET_CAPACITY_GPU: '4',
});
let controller: ExtraController | undefined;

const toleration = { key: 'virtual-kubelet.io/provider', operator: 'Exists' };
/** On these nodes only (the cluster's own node stays out), spread over `topologyKey`. */
function spreadDeployment(
  app: string,
  replicas: number,
  topologyKey: string,
  nodes: string[],
): k8s.V1Deployment {
  const labels = { app };
  return {
    metadata: { name: app, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: nodes }] },
                ],
              },
            },
          },
          tolerations: [toleration],
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey,
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: labels },
            },
          ],
          containers: [{ name: 'app', image: 'nginx' }],
        },
      },
    },
  };
}

/** The Deployment's pods once `count` of them are Running. */
function allRunning(app: string, count: number): Promise<k8s.V1Pod[]> {
  return waitFor(
    `${count} ${app} pods Running`,
    async () => {
      const all = (await podsIn(ns, `app=${app}`)).filter((p) => !p.metadata?.deletionTimestamp);
      return all.length === count && all.every((p) => p.status?.phase === 'Running') ? all : undefined;
    },
    120_000,
  );
}

beforeAll(async () => {
  await createNamespace(ns);
  controller = await startController(
    'zones',
    zoneEnv('vsw-sim-hangzhou-d,vsw-sim-hangzhou-e'),
    'controller-zones',
  );
});

afterAll(async () => {
  await setStock('cn-hangzhou-d', 'unlimited');
  for (const name of ['spread', 'per-node']) {
    await apps.deleteNamespacedDeployment({ name, namespace: ns }).catch(() => undefined);
  }
  await core.deleteCollectionNamespacedPod({ namespace: ns }).catch(() => undefined);
  await waitFor('pods of the zone nodes gone', async () =>
    (await podsIn(ns)).length === 0 ? true : undefined,
  ).catch(() => undefined);
  await controller?.stop('SIGTERM');
  for (const name of [D, E, D2]) await core.deleteNode({ name }).catch(() => undefined);
  await deleteNamespace(ns);
});

describe('a virtual node per zone', () => {
  it('kubectl get nodes -L topology.kubernetes.io/zone lists two Ready nodes in the two zones', async () => {
    const rows = await waitFor('two zone nodes Ready', async () => {
      const out = await kubectl('get', 'nodes', '-L', 'topology.kubernetes.io/zone', '--no-headers');
      const mine = out.split('\n').filter((line) => line.startsWith(D) || line.startsWith(E));
      return mine.length === 2 && mine.every((line) => /\sReady\s/.test(line)) ? mine : undefined;
    });
    expect(rows.find((r) => r.startsWith(D))).toMatch(/cn-hangzhou-d\s*$/);
    expect(rows.find((r) => r.startsWith(E))).toMatch(/cn-hangzhou-e\s*$/);
    const node = await core.readNode({ name: D });
    expect(node.metadata?.labels?.['topology.kubernetes.io/region']).toBe('cn-hangzhou');
    expect(node.status?.capacity?.['nvidia.com/gpu']).toBe('4');
  });

  it('a Deployment with a zone spread constraint runs on both, each pod in its node’s zone', async () => {
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: spreadDeployment('spread', 4, 'topology.kubernetes.io/zone', [D, E]),
    });
    const pods = await allRunning('spread', 4);
    const nodes = pods.map((p) => p.spec?.nodeName ?? '');
    expect(new Set(nodes)).toEqual(new Set([D, E]));
    expect(nodes.filter((n) => n === D)).toHaveLength(2);
    const byUid = await groupsByUid();
    for (const pod of pods) {
      const groups = byUid.get(pod.metadata?.uid ?? '') ?? [];
      expect(groups).toHaveLength(1);
      expect(groups[0]?.ZoneId).toBe(ZONE_OF[pod.spec?.nodeName ?? '']);
    }
  });

  it('a pod with limits nvidia.com/gpu: 1 runs on the GPU instance type it names', async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: {
          name: 'gpu',
          namespace: ns,
          annotations: { 'k8s.aliyun.com/eci-use-specs': 'ecs.gn6i-c4g1.xlarge' },
        },
        spec: {
          nodeSelector: { 'kubernetes.io/hostname': D },
          tolerations: [toleration],
          containers: [
            {
              name: 'cuda',
              image: 'nvidia/cuda:12.2.0-base',
              resources: { limits: { 'nvidia.com/gpu': '1' } },
            },
          ],
        },
      },
    });
    const pod = await waitFor(
      'GPU pod Running',
      async () => {
        const p = await core.readNamespacedPod({ name: 'gpu', namespace: ns });
        return p.status?.phase === 'Running' ? p : undefined;
      },
      120_000,
    );
    expect(pod.metadata?.annotations?.['k8s.aliyun.com/eci-instance-spec']).toBe('ecs.gn6i-c4g1.xlarge');
    const [group] = (await groupsByUid()).get(pod.metadata?.uid ?? '') ?? [];
    expect(group?.InstanceType).toBe('ecs.gn6i-c4g1.xlarge');
    await core.deleteNamespacedPod({ name: 'gpu', namespace: ns });
  });

  it('no stock in zone d: a pod pinned there waits with NoStock, an unpinned one on its node runs in zone e', async () => {
    await setStock('cn-hangzhou-d', 0);
    // Only the zone nodes carry this label; preferring node d is not a pin.
    const zoneNodes = { 'ack-virtual-node.alibabacloud.com/zone-node': clusterRecord().clusterId };
    const preferD: k8s.V1Affinity = {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            preference: {
              matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [D] }],
            },
          },
        ],
      },
    };
    const pod = (name: string, spec: Partial<k8s.V1PodSpec>): k8s.V1Pod => ({
      metadata: { name, namespace: ns },
      spec: { tolerations: [toleration], containers: [{ name: 'app', image: 'nginx' }], ...spec },
    });
    await core.createNamespacedPod({
      namespace: ns,
      body: pod('pinned-d', { nodeSelector: { 'topology.kubernetes.io/zone': 'cn-hangzhou-d' } }),
    });
    await core.createNamespacedPod({
      namespace: ns,
      body: pod('free', { nodeSelector: zoneNodes, affinity: preferD }),
    });

    const free = await waitFor(
      'the unpinned pod Running',
      async () => {
        const p = await core.readNamespacedPod({ name: 'free', namespace: ns });
        return p.status?.phase === 'Running' ? p : undefined;
      },
      120_000,
    );
    expect(free.spec?.nodeName).toBe(D);
    expect(free.metadata?.annotations?.['k8s.aliyun.com/eci-instance-zone']).toBe('cn-hangzhou-e');
    await waitFor('NoStock for the pinned pod', async () =>
      (await events(ns, 'pinned-d')).find((e) => e.reason === 'NoStock'),
    );
    const pinned = await core.readNamespacedPod({ name: 'pinned-d', namespace: ns });
    expect(pinned.status?.phase).toBe('Pending');
    expect((await groupsByUid()).get(pinned.metadata?.uid ?? '') ?? []).toHaveLength(0);

    await setStock('cn-hangzhou-d', 'unlimited');
    const running = await waitFor(
      'the pinned pod Running once zone d has stock',
      async () => {
        const p = await core.readNamespacedPod({ name: 'pinned-d', namespace: ns });
        return p.status?.phase === 'Running' ? p : undefined;
      },
      120_000,
    );
    expect(running.metadata?.annotations?.['k8s.aliyun.com/eci-instance-zone']).toBe('cn-hangzhou-d');
    for (const name of ['pinned-d', 'free']) await core.deleteNamespacedPod({ name, namespace: ns });
    await waitFor(
      'both gone',
      async () => {
        const left = (await podsIn(ns)).filter((p) => ['pinned-d', 'free'].includes(p.metadata?.name ?? ''));
        return left.length === 0 ? true : undefined;
      },
      60_000,
    );
  });

  it('a zone that leaves ECI_VSWITCH: its node is cordoned, keeps its pods, and goes once empty', async () => {
    await controller?.stop('SIGTERM');
    controller = await startController('zones', zoneEnv('vsw-sim-hangzhou-d'), 'controller-zones-d');
    const cordoned = await waitFor('zone e cordoned', async () => {
      const node = await core.readNode({ name: E });
      return node.spec?.unschedulable ? node : undefined;
    });
    expect(cordoned.spec?.taints).toContainEqual({
      key: 'ack-virtual-node.alibabacloud.com/zone-removed',
      value: 'true',
      effect: 'NoSchedule',
    });
    const onE = (await podsIn(ns, 'app=spread')).filter((p) => p.spec?.nodeName === E);
    expect(onE).toHaveLength(2);
    expect(onE.every((p) => p.status?.phase === 'Running')).toBe(true);
    expect((await core.readNode({ name: D })).spec?.unschedulable).toBeFalsy();

    await apps.deleteNamespacedDeployment({ name: 'spread', namespace: ns });
    await waitFor(
      'node of zone e deleted',
      async () => ((await core.listNode()).items.some((n) => n.metadata?.name === E) ? undefined : true),
      120_000,
    );
    expect((await core.readNode({ name: D })).metadata?.name).toBe(D);
  });

  it('VKUBELET_NODES_PER_ZONE=2: two Ready nodes in zone d share a hostname-spread Deployment; back at 1, the second goes once empty', async () => {
    await controller?.stop('SIGTERM');
    controller = await startController(
      'zones',
      { ...zoneEnv('vsw-sim-hangzhou-d'), VKUBELET_NODES_PER_ZONE: '2' },
      'controller-zones-d2',
    );
    const second = await waitFor('a second Ready node in zone d', async () => {
      const node = await core.readNode({ name: D2 }).catch(() => undefined);
      const ready = node?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      return ready ? node : undefined;
    });
    expect(second.metadata?.labels?.['topology.kubernetes.io/zone']).toBe('cn-hangzhou-d');

    await apps.createNamespacedDeployment({
      namespace: ns,
      body: spreadDeployment('per-node', 4, 'kubernetes.io/hostname', [D, D2]),
    });
    const pods = await allRunning('per-node', 4);
    expect(pods.filter((p) => p.spec?.nodeName === D2)).toHaveLength(2);
    const byUid = await groupsByUid();
    for (const pod of pods) expect(byUid.get(pod.metadata?.uid ?? '')?.[0]?.ZoneId).toBe('cn-hangzhou-d');

    await controller?.stop('SIGTERM');
    controller = await startController('zones', zoneEnv('vsw-sim-hangzhou-d'), 'controller-zones-d1');
    await waitFor('the second node cordoned', async () =>
      (await core.readNode({ name: D2 })).spec?.unschedulable ? true : undefined,
    );
    const onSecond = (await podsIn(ns, 'app=per-node')).filter((p) => p.spec?.nodeName === D2);
    expect(onSecond.map((p) => p.status?.phase)).toEqual(['Running', 'Running']);
    await apps.deleteNamespacedDeployment({ name: 'per-node', namespace: ns });
    await waitFor(
      'the second node deleted',
      async () => ((await core.listNode()).items.some((n) => n.metadata?.name === D2) ? undefined : true),
      120_000,
    );
    expect((await core.readNode({ name: D })).spec?.unschedulable).toBeFalsy();
  });
});
