/**
 * Kubernetes misbehaves under the controller: the API server is killed and restarted mid-run, the
 * virtual Node object is deleted, the node Lease is deleted. The controller recovers on its own (the
 * same process, never restarted), within a bounded time, with no duplicate container group.
 */
import {
  devCli,
  clusterDir,
  coordination,
  core,
  createNamespace,
  deleteNamespace,
  nodeName,
  observeFor,
  virtualNodePod,
  waitFor,
} from '../lib/cluster.js';
import { clusterUp, componentPid, inParallel } from '../lib/faults.js';
import { simGroups, tag } from '../lib/simulator.js';
import { converge, expectClean, type Expectation } from './convergence.js';

const ns = 'e2e-faults-kube';
// The fault itself: how long the API server stays down under the working controller (its watches
// break, its writes and lease renewals fail and are retried).
const API_SERVER_DOWN_MS = 8_000;
const running = new Set<string>();
const expectation: Expectation = { namespaces: [ns], running };
let controllerPid: number | undefined;

beforeAll(async () => {
  await createNamespace(ns);
  controllerPid = componentPid('controller');
});
afterAll(() => deleteNamespace(ns));

async function createPods(names: string[]): Promise<void> {
  await inParallel(names, 5, (name) =>
    core.createNamespacedPod({ namespace: ns, body: virtualNodePod(name, ns) }),
  );
  names.forEach((n) => running.add(`${ns}/${n}`));
}

async function nodeReady(since: number): Promise<{ uid: string; ready: boolean }> {
  return waitFor(
    `node ${nodeName} Ready with a heartbeat after the fault`,
    async () => {
      const node = await core.readNode({ name: nodeName });
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      const beat = ready?.lastHeartbeatTime ? new Date(ready.lastHeartbeatTime).getTime() : 0;
      return ready?.status === 'True' &&
        beat >= since - 1000 &&
        node.metadata?.labels?.type === 'virtual-kubelet'
        ? { uid: node.metadata?.uid ?? '', ready: true }
        : undefined;
    },
    120_000,
  );
}

describe('Kubernetes faults', () => {
  it('the API server is killed and restarted mid-run: pods created before and after all run once', async () => {
    await createPods(Array.from({ length: 10 }, (_, i) => `before-${i}`));
    // Mid-run: the kill lands once the controller is at work on these pods.
    await waitFor('the controller to create a first container group in the namespace', async () =>
      (await simGroups()).some((g) => tag(g, 'NameSpace') === ns) ? true : undefined,
    );
    await devCli('cluster', 'kill', '--dir', clusterDir, '--component', 'kube-apiserver');
    await observeFor('the controller to live through the outage', API_SERVER_DOWN_MS, async () =>
      expect(componentPid('controller')).toBe(controllerPid),
    );
    await clusterUp();
    const since = Date.now();
    await createPods(Array.from({ length: 10 }, (_, i) => `after-${i}`));
    const report = await converge('kube-apiserver-restart', expectation, since, 180_000);
    expectClean(report);
    await nodeReady(since);
    expect(componentPid('controller')).toBe(controllerPid);
  }, 300_000);

  it('the Node object is deleted: it is registered again, Ready, and its pods keep running', async () => {
    const before = await core.readNode({ name: nodeName });
    await core.deleteNode({ name: nodeName });
    const since = Date.now();
    const back = await nodeReady(since);
    expect(back.uid).not.toBe(before.metadata?.uid);
    const node = await core.readNode({ name: nodeName });
    expect(node.spec?.taints).toContainEqual(
      expect.objectContaining({ key: 'virtual-kubelet.io/provider', effect: 'NoSchedule' }),
    );
    const report = await converge('node-object-deleted', expectation, since, 120_000);
    expectClean(report);
    expect(componentPid('controller')).toBe(controllerPid);
  }, 240_000);

  it('the node Lease is deleted: it is renewed again', async () => {
    await coordination.deleteNamespacedLease({ name: nodeName, namespace: 'kube-node-lease' });
    const since = Date.now();
    const lease = await waitFor(
      `Lease kube-node-lease/${nodeName} renewed`,
      async () => {
        const l = await coordination.readNamespacedLease({ name: nodeName, namespace: 'kube-node-lease' });
        const renewed = l.spec?.renewTime ? new Date(l.spec.renewTime).getTime() : 0;
        return renewed >= since - 1000 ? l : undefined;
      },
      60_000,
    );
    expect(lease.spec?.holderIdentity).toBe(nodeName);
    const report = await converge('node-lease-deleted', expectation, since, 60_000);
    expectClean(report);
    expect(componentPid('controller')).toBe(controllerPid);
  }, 120_000);
});
