/**
 * The controller is SIGKILLed at random moments while pods are created and deleted in rounds, and
 * restarted each time: every pod converges, no pod gets two container groups, no group is left
 * without its pod.
 *
 * Size: E2E_CHURN_PODS live pods (default 60) and E2E_CHURN_ROUNDS kill rounds (default 4); each
 * round deletes half of the live pods and creates as many new ones. The full size:
 *   E2E_CHURN_PODS=500 E2E_CHURN_ROUNDS=20 E2E_CHURN_TIMEOUT_S=1800 \
 *     NODE_OPTIONS=--experimental-vm-modules npx jest -c test/e2e/jest.config.js --runInBand \
 *     test/e2e/faults/controller-kill
 */
import { core, createNamespace, deleteNamespace, virtualNodePod } from '../lib/cluster.js';
import { clusterUp, deletePod, inParallel, sigkill, sleep } from '../lib/faults.js';
import { converge, expectClean } from './convergence.js';

const ns = 'e2e-faults-kill';
const PODS = Number(process.env.E2E_CHURN_PODS ?? 60);
const ROUNDS = Number(process.env.E2E_CHURN_ROUNDS ?? 4);
const TIMEOUT_MS = Number(process.env.E2E_CHURN_TIMEOUT_S ?? 200 + PODS * ROUNDS * 0.5) * 1000;

beforeAll(() => createNamespace(ns));
afterAll(() => deleteNamespace(ns));

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function createPods(names: string[]): Promise<void> {
  await inParallel(names, 8, (name) =>
    core.createNamespacedPod({ namespace: ns, body: virtualNodePod(name, ns) }),
  );
}

describe('controller SIGKILLed during churn', () => {
  it(
    `converges after ${ROUNDS} kills during create/delete churn of ${PODS} pods`,
    async () => {
      const live = new Set<string>();
      const deleted = new Set<string>();
      const first = Array.from({ length: PODS }, (_, i) => `c0-${i}`);
      await createPods(first);
      first.forEach((n) => live.add(n));
      let since = Date.now();
      for (let round = 1; round <= ROUNDS; round++) {
        const gone = shuffled([...live]).slice(0, Math.floor(live.size / 2));
        const added = gone.map((_, i) => `c${round}-${i}`);
        // The kill lands somewhere inside the round's churn (or in the backlog of the last restart).
        const killAfter = Math.floor(Math.random() * 2500);
        const kill = sleep(killAfter).then(() => sigkill('controller'));
        await Promise.all([inParallel(gone, 8, (name) => deletePod(ns, name)), createPods(added), kill]);
        gone.forEach((n) => {
          live.delete(n);
          deleted.add(n);
        });
        added.forEach((n) => live.add(n));
        await clusterUp();
        since = Date.now();
        // Let the restarted controller get into its backlog before the next kill.
        await sleep(Math.floor(Math.random() * 3000));
      }
      const report = await converge(
        'controller-sigkill-churn',
        {
          namespaces: [ns],
          running: new Set([...live].map((n) => `${ns}/${n}`)),
          deleted: new Set([...deleted].map((n) => `${ns}/${n}`)),
        },
        since,
        TIMEOUT_MS,
      );
      expect(report.pods).toBe(PODS);
      expectClean(report);
    },
    TIMEOUT_MS + ROUNDS * 60_000 + 120_000,
  );
});
