import {
  devCli,
  clusterDir,
  core,
  createNamespace,
  deleteNamespace,
  podsIn,
  virtualNodePod,
  waitFor,
  nodeName,
} from './lib/cluster.js';
import { groupsByUid } from './lib/simulator.js';

const ns = 'e2e-restart';

beforeAll(() => createNamespace(ns));
afterAll(() => deleteNamespace(ns));

describe('controller restart', () => {
  it('keeps running pods Running and creates no second container group', async () => {
    for (let i = 0; i < 5; i++)
      await core.createNamespacedPod({ namespace: ns, body: virtualNodePod(`p${i}`, ns) });
    await waitFor('5 Running', async () => {
      const pods = await podsIn(ns);
      return pods.length === 5 && pods.every((p) => p.status?.phase === 'Running') ? true : undefined;
    });
    await devCli('cluster', 'kill', '--dir', clusterDir, '--component', 'controller');
    // Pods created while the controller is down are picked up when it returns.
    await core.createNamespacedPod({ namespace: ns, body: virtualNodePod('while-down', ns) });
    await devCli('cluster', 'up', '--dir', clusterDir);
    await waitFor('6 Running', async () => {
      const pods = await podsIn(ns);
      return pods.length === 6 &&
        pods.every((p) => p.status?.phase === 'Running' && p.spec?.nodeName === nodeName)
        ? pods
        : undefined;
    });
    const byUid = await groupsByUid();
    for (const pod of await podsIn(ns)) expect(byUid.get(pod.metadata?.uid ?? '')?.length).toBe(1);
  });
});
