/**
 * Two controllers for different virtual nodes share one ECI backend and one ALIYUN_CLUSTERID: each
 * runs its own node's pods, and neither ever touches the other's container groups, even when one is
 * SIGKILLed and restarted (its start-up adoption and orphan sweep must stay on its own node).
 */
import * as k8s from '@kubernetes/client-node';
import {
  coordination,
  core,
  createNamespace,
  deleteNamespace,
  nodeName,
  virtualNodePod,
  waitFor,
} from '../lib/cluster.js';
import {
  clusterUp,
  inParallel,
  sigkill,
  sleep,
  startExtraController,
  type ExtraController,
} from '../lib/faults.js';
import { converge, expectClean } from './convergence.js';
import { simGroups, tag } from '../lib/simulator.js';

const ns = 'e2e-faults-two';
const SECOND = 'virtual-kubelet-e2e-second';
// The second controller sweeps for orphans every 5 s: a sweep that strayed off its node would show.
const SECOND_ENV = { FULL_RESYNC_INTERVAL: '5' };
let second: ExtraController | undefined;

function pinned(name: string, node: string): k8s.V1Pod {
  return virtualNodePod(name, ns, {
    nodeSelector: { type: 'virtual-kubelet', 'kubernetes.io/hostname': node },
  });
}

/** Container group ID and status by pod name, for the groups tagged with `node`. */
async function groupsOfNode(node: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const g of await simGroups()) {
    if (tag(g, 'NodeName') === node && tag(g, 'NameSpace') === ns)
      out.set(tag(g, 'PodName') ?? '', `${g.ContainerGroupId} ${g.Status}`);
  }
  return out;
}

beforeAll(async () => {
  await createNamespace(ns);
  second = await startExtraController(SECOND, SECOND_ENV);
});

afterAll(async () => {
  // The second node's pods must be gone before its controller stops, or they stay Terminating.
  await core.deleteCollectionNamespacedPod({ namespace: ns }).catch(() => undefined);
  await waitFor('pods of the second node gone', async () =>
    (await core.listNamespacedPod({ namespace: ns })).items.length === 0 ? true : undefined,
  ).catch(() => undefined);
  await second?.stop('SIGTERM');
  await core.deleteNode({ name: SECOND }).catch(() => undefined);
  await coordination
    .deleteNamespacedLease({ name: SECOND, namespace: 'kube-node-lease' })
    .catch(() => undefined);
  await deleteNamespace(ns);
});

describe('two controllers on one backend', () => {
  it('run their own pods and never touch the other node’s groups across kills and restarts', async () => {
    const firstPods = Array.from({ length: 6 }, (_, i) => `first-${i}`);
    const secondPods = Array.from({ length: 6 }, (_, i) => `second-${i}`);
    await inParallel(firstPods, 3, (n) =>
      core.createNamespacedPod({ namespace: ns, body: pinned(n, nodeName) }),
    );
    await inParallel(secondPods, 3, (n) =>
      core.createNamespacedPod({ namespace: ns, body: pinned(n, SECOND) }),
    );
    const running = new Set([...firstPods, ...secondPods].map((n) => `${ns}/${n}`));
    let since = Date.now();
    expectClean(await converge('two-controllers-start', { namespaces: [ns], running }, since, 120_000));
    for (const name of secondPods) {
      expect((await core.readNamespacedPod({ name, namespace: ns })).spec?.nodeName).toBe(SECOND);
    }
    const firstGroups = await groupsOfNode(nodeName);
    const secondGroups = await groupsOfNode(SECOND);
    expect([...firstGroups.keys()].sort()).toEqual([...firstPods].sort());
    expect([...secondGroups.keys()].sort()).toEqual([...secondPods].sort());

    // The second controller dies hard and comes back: the first node's groups are untouched.
    await second?.stop('SIGKILL');
    await sleep(3000);
    second = await startExtraController(SECOND, SECOND_ENV);
    await sleep(12_000); // two of its orphan sweeps
    expect(await groupsOfNode(nodeName)).toEqual(firstGroups);

    // The first controller dies hard and comes back: the second node's groups are untouched.
    await sigkill('controller');
    await sleep(3000);
    await clusterUp();
    since = Date.now();
    await sleep(3000);
    expect(await groupsOfNode(SECOND)).toEqual(secondGroups);
    expect(await groupsOfNode(nodeName)).toEqual(firstGroups);

    const report = await converge(
      'two-controllers-kill-restart',
      { namespaces: [ns], running },
      since,
      120_000,
    );
    expectClean(report);
  }, 400_000);
});
