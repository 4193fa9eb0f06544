import {
  devCli,
  clusterDir,
  core,
  createNamespace,
  deleteNamespace,
  nodeName,
  waitFor,
} from './lib/cluster.js';

const ns = 'e2e-webhook-outage';

beforeAll(() => createNamespace(ns));
afterAll(async () => {
  await devCli('cluster', 'up', '--dir', clusterDir);
  await deleteNamespace(ns);
});

describe('eci-profile webhook outage', () => {
  it('never blocks pod creation: pods are created, just not sent to the virtual node', async () => {
    await devCli('cluster', 'kill', '--dir', clusterDir, '--component', 'webhook');
    const pod = await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: 'labelled', labels: { 'alibabacloud.com/eci': 'true' } },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
    });
    expect(pod.metadata?.uid).toBeDefined();
    expect(pod.spec?.tolerations?.some((t) => t.key === 'virtual-kubelet.io/provider') ?? false).toBe(false);
    const unscheduled = await waitFor('the scheduler to give up on it', async () => {
      const p = await core.readNamespacedPod({ name: 'labelled', namespace: ns });
      return p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False')
        ? p
        : undefined;
    });
    expect(unscheduled.spec?.nodeName).not.toBe(nodeName);
  });

  it('once the webhook is back, new pods with the label go to the virtual node again', async () => {
    await devCli('cluster', 'up', '--dir', clusterDir);
    const pod = await waitFor('an admitted, redirected pod', async () => {
      await core
        .deleteNamespacedPod({ name: 'again', namespace: ns, gracePeriodSeconds: 0 })
        .catch(() => undefined);
      const created = await core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name: 'again', labels: { 'alibabacloud.com/eci': 'true' } },
          spec: { containers: [{ name: 'app', image: 'nginx' }] },
        },
      });
      return created.spec?.tolerations?.some((t) => t.key === 'virtual-kubelet.io/provider')
        ? created
        : undefined;
    });
    expect(pod.spec?.tolerations?.some((t) => t.key === 'virtual-kubelet.io/provider')).toBe(true);
    await waitFor('Running on the virtual node', async () => {
      const p = await core.readNamespacedPod({ name: 'again', namespace: ns });
      return p.spec?.nodeName === nodeName && p.status?.phase === 'Running' ? true : undefined;
    });
  });
});
