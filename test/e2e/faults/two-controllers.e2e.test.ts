/**
 * Two controllers for different virtual nodes share one ECI backend and one ALIYUN_CLUSTERID: each
 * runs its own node's pods, and neither ever touches the other's container groups, even when one is
 * SIGKILLed and restarted (its start-up adoption and orphan sweep must stay on its own node).
 */
import * as k8s from '@kubernetes/client-node';
import { core, createNamespace, nodeName, observeFor, virtualNodePod, waitFor } from '../lib/cluster.js';
import {
  clusterRecord,
  clusterUp,
  inParallel,
  retireExtraController,
  sigkill,
  startExtraController,
  type ExtraController,
} from '../lib/faults.js';
import { converge, expectClean } from './convergence.js';
import { simGroups, tag } from '../lib/simulator.js';

const ns = 'e2e-faults-two';
const SECOND = 'virtual-kubelet-e2e-second';
// The second controller sweeps for orphans every 5 s: a sweep that strayed off its node would show.
const SECOND_ENV = { FULL_RESYNC_INTERVAL: '5' };
// Watched after the second controller restarts: two of its orphan sweeps.
const TWO_SWEEPS_MS = 12_000;
// Watched after the restarted first controller is ready (its start-up adoption and sweep done):
// its first status polls.
const AFTER_RESTART_MS = 3_000;
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

/** The cluster's own controller answers /readyz once its start-up adoption and orphan sweep are done. */
async function clusterControllerReady(): Promise<true | undefined> {
  const port = clusterRecord().components.controller?.env?.METRICS_PORT;
  return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok ? true : undefined;
}

beforeAll(async () => {
  await createNamespace(ns);
  second = await startExtraController(SECOND, SECOND_ENV);
});

afterAll(async () => {
  await retireExtraController(second, ns);
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

    // The second controller dies hard (stop waits until it is gone) and comes back (ready: its
    // start-up adoption is done): the first node's groups stay untouched through two orphan sweeps.
    await second?.stop('SIGKILL');
    second = await startExtraController(SECOND, SECOND_ENV);
    await observeFor(
      'the first node’s groups untouched by the restarted second controller',
      TWO_SWEEPS_MS,
      async () => expect(await groupsOfNode(nodeName)).toEqual(firstGroups),
    );

    // The first controller dies hard and comes back: the second node's groups are untouched.
    await sigkill('controller');
    await clusterUp();
    since = Date.now();
    await waitFor('the restarted controller to be ready (adoption done)', clusterControllerReady);
    await observeFor(
      'both nodes’ groups untouched by the restarted first controller',
      AFTER_RESTART_MS,
      async () => {
        expect(await groupsOfNode(SECOND)).toEqual(secondGroups);
        expect(await groupsOfNode(nodeName)).toEqual(firstGroups);
      },
    );

    const report = await converge(
      'two-controllers-kill-restart',
      { namespaces: [ns], running },
      since,
      120_000,
    );
    expectClean(report);
  }, 400_000);
});
