/**
 * Two controller replicas share three zone nodes through one Lease per node. The replica serving
 * the most nodes is SIGKILLed during a burst of pods: the other takes its nodes over once their
 * Leases expire, and every pod converges with no duplicate container group, no orphan, no stuck pod.
 *
 * Size: E2E_OWNER_PODS pods (default 500); E2E_OWNER_TIMEOUT_S to wait for convergence.
 */
import * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { coordination, core, createNamespace, deleteNamespace, podsIn, waitFor } from '../lib/cluster.js';
import { startController, type ExtraController } from '../lib/controllers.js';
import { inParallel, sleep } from '../lib/faults.js';
import { converge, expectClean } from './convergence.js';

const ns = 'e2e-faults-owner';
const PODS = Number(process.env.E2E_OWNER_PODS ?? 500);
const TIMEOUT_MS = Number(process.env.E2E_OWNER_TIMEOUT_S ?? 300 + PODS * 0.3) * 1000;
const NODES = ['f', 'g', 'h'].map((z) => `virtual-kubelet-cn-hangzhou-${z}`);
const REPLICA_ENV = {
  VKUBELET_NODE_NAME: '',
  ECI_VSWITCH: 'vsw-sim-hangzhou-f,vsw-sim-hangzhou-g,vsw-sim-hangzhou-h',
  LEADER_ELECT: 'true',
  POD_NAMESPACE: 'kube-system',
};
const replicas: ExtraController[] = [];

const ownerLease = (node: string) =>
  coordination.readNamespacedLease({ name: `ack-virtual-node-${node}`, namespace: 'kube-system' });

/** Holder identity of each node's Lease ('' when free). */
async function holders(): Promise<string[]> {
  return Promise.all(
    NODES.map(async (n) => (await ownerLease(n).catch(() => undefined))?.spec?.holderIdentity ?? ''),
  );
}

/** The replica whose log announces `identity`. */
function replicaOf(identity: string): ExtraController | undefined {
  return replicas.find((r) => readFileSync(r.logFile, 'utf8').includes(identity));
}

function burstPod(name: string): k8s.V1Pod {
  return {
    metadata: { name, namespace: ns },
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: NODES }] },
            ],
          },
        },
      },
      tolerations: [{ key: 'virtual-kubelet.io/provider', operator: 'Exists' }],
      containers: [{ name: 'app', image: 'nginx' }],
    },
  };
}

beforeAll(async () => {
  await createNamespace(ns);
  for (const name of ['owner-a', 'owner-b'])
    replicas.push(await startController(name, REPLICA_ENV, `controller-${name}`));
});

afterAll(async () => {
  await core.deleteCollectionNamespacedPod({ namespace: ns }).catch(() => undefined);
  await waitFor(
    'burst pods gone',
    async () => ((await podsIn(ns)).length === 0 ? true : undefined),
    300_000,
  ).catch(() => undefined);
  for (const r of replicas) await r.stop('SIGTERM');
  for (const name of NODES) {
    await core.deleteNode({ name }).catch(() => undefined);
    await coordination
      .deleteNamespacedLease({ name: `ack-virtual-node-${name}`, namespace: 'kube-system' })
      .catch(() => undefined);
  }
  await deleteNamespace(ns);
}, 400_000);

describe('a node owner SIGKILLed during a burst', () => {
  it(
    `the other replica takes its nodes over; ${PODS} pods converge with nothing lost`,
    async () => {
      const shared = await waitFor(
        'the three nodes shared by both replicas',
        async () => {
          const now = await holders();
          return now.every((h) => h !== '') && new Set(now).size === 2 ? now : undefined;
        },
        90_000,
      );
      const counts = new Map<string, number>();
      for (const h of shared) counts.set(h, (counts.get(h) ?? 0) + 1);
      const [victimId] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [''];
      const victim = replicaOf(victimId);
      expect(victim).toBeDefined();

      const names = Array.from({ length: PODS }, (_, i) => `burst-${i}`);
      const kill = sleep(1000 + Math.floor(Math.random() * 3000)).then(async () => {
        await victim?.stop('SIGKILL');
        return Date.now();
      });
      const [, killedAt] = await Promise.all([
        inParallel(names, 16, (name) => core.createNamespacedPod({ namespace: ns, body: burstPod(name) })),
        kill,
      ]);
      const survivorId = [...counts.keys()].find((h) => h !== victimId) ?? '';
      await waitFor(
        'every node held by the surviving replica',
        async () => ((await holders()).every((h) => h === survivorId) ? true : undefined),
        120_000,
      );
      console.log(
        `owner takeover: all ${NODES.length} nodes held by the survivor ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`,
      );
      const report = await converge(
        'owner-sigkill-burst',
        { namespaces: [ns], running: new Set(names.map((n) => `${ns}/${n}`)) },
        killedAt,
        TIMEOUT_MS,
      );
      expect(report.pods).toBe(PODS);
      expectClean(report);
    },
    TIMEOUT_MS + 300_000,
  );
});
