/**
 * The ECI backend misbehaves (flow control on, 10 % 5xx, timeouts after the work was done, a latency
 * spike past the SDK's read timeout): every pod still reaches Running with exactly one container
 * group, and deleted pods leave none behind.
 */
import { core, createNamespace, deleteNamespace, virtualNodePod, waitFor } from '../lib/cluster.js';
import { backendFaults, backendFaultsOff, deletePod, inParallel } from '../lib/faults.js';
import { simGroups, tag } from '../lib/simulator.js';
import { converge, expectClean } from './convergence.js';

const ns = 'e2e-faults-backend';
const PODS = 30;

beforeAll(() => createNamespace(ns));
afterAll(async () => {
  await backendFaultsOff();
  await deleteNamespace(ns);
});

async function createPods(names: string[]): Promise<void> {
  await inParallel(names, 6, (name) =>
    core.createNamespacedPod({ namespace: ns, body: virtualNodePod(name, ns) }),
  );
}

describe('ECI backend faults', () => {
  it('throttling, 10% 5xx, timeouts and a latency spike: every pod Running once, deletes complete', async () => {
    await backendFaults({
      throttle: true,
      errorRate: 0.1,
      timeoutRate: 0.1,
      timeoutMs: 2000,
      latencyMs: 150,
    });
    const names = Array.from({ length: PODS }, (_, i) => `f-${i}`);
    await createPods(names.slice(0, 20));
    // A spike: every call takes longer than the SDK's 10 s read timeout, but ECI still does the work.
    // It lasts until ECI has made a group for every pod created during it: each create went through
    // the spike (the controller saw a timeout for work that was done).
    await backendFaults({ latencyMs: 11_000 });
    const spiked = names.slice(20);
    await createPods(spiked);
    await waitFor(
      `ECI to create the groups of the ${spiked.length} pods created during the latency spike`,
      async () => {
        const made = new Set(
          (await simGroups()).filter((g) => tag(g, 'NameSpace') === ns).map((g) => tag(g, 'PodName')),
        );
        return spiked.every((name) => made.has(name)) ? true : undefined;
      },
      120_000,
    );
    await backendFaults({ latencyMs: 150 });
    const deleted = names.slice(0, 8);
    await inParallel(deleted, 4, (name) => deletePod(ns, name));
    const since = Date.now();
    const report = await converge(
      'backend-faults',
      {
        namespaces: [ns],
        running: new Set(names.slice(8).map((n) => `${ns}/${n}`)),
        deleted: new Set(deleted.map((n) => `${ns}/${n}`)),
      },
      since,
      200_000,
    );
    expect(report.pods).toBe(PODS - deleted.length);
    expectClean(report);
  }, 300_000);
});
