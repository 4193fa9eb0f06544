import {
  core,
  createNamespace,
  deleteNamespace,
  isReady,
  kubectl,
  nodeName,
  virtualNodePod,
  waitFor,
  waitForPhase,
} from './lib/cluster.js';
import { groupsByUid } from './lib/simulator.js';

const ns = 'e2e-scheduling';

beforeAll(() => createNamespace(ns));
afterAll(() => deleteNamespace(ns));

describe('scheduling onto the virtual node', () => {
  it('never schedules a pod that does not tolerate the taint', async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: 'intolerant' },
        spec: { nodeSelector: { type: 'virtual-kubelet' }, containers: [{ name: 'app', image: 'nginx' }] },
      },
    });
    const pod = await waitFor('FailedScheduling', async () => {
      const p = await core.readNamespacedPod({ name: 'intolerant', namespace: ns });
      const cond = p.status?.conditions?.find((c) => c.type === 'PodScheduled');
      return cond?.status === 'False' && cond.reason === 'Unschedulable' ? p : undefined;
    });
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.status?.phase).toBe('Pending');
  });

  it('runs a pod that tolerates and selects it: Running, Ready, a pod IP, one container group', async () => {
    await core.createNamespacedPod({ namespace: ns, body: virtualNodePod('web', ns) });
    const pod = await waitForPhase(ns, 'web', 'Running');
    expect(pod.spec?.nodeName).toBe(nodeName);
    await waitFor('Ready', async () =>
      isReady(await core.readNamespacedPod({ name: 'web', namespace: ns })) ? true : undefined,
    );
    const ready = await core.readNamespacedPod({ name: 'web', namespace: ns });
    expect(ready.status?.podIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // The reasons it had while Pending (Creating, ContainersNotReady) must not outlive it.
    const reasons = await kubectl(
      'get',
      'pod',
      'web',
      '-n',
      ns,
      '-o',
      'jsonpath={range .status.conditions[*]}{.type}={.status}:{.reason}:{.message}{"\\n"}{end}',
    );
    expect(reasons.trim().split('\n').sort()).toEqual(
      [
        'ContainerInstanceCreated',
        'ContainersReady',
        'Initialized',
        'PodReadyToStartContainers',
        'PodScheduled',
        'Ready',
      ].map((type) => `${type}=True::`),
    );
    expect(ready.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id']).toMatch(/^eci-/);
    expect(ready.metadata?.annotations?.['k8s.aliyun.com/eci-instance-spec']).toBe('2.0-4.0Gi');
    expect(await kubectl('get', 'pod', 'web', '-n', ns, '-o', 'wide', '--no-headers')).toContain(nodeName);
    const groups = (await groupsByUid()).get(ready.metadata?.uid ?? '');
    expect(groups?.map((g) => g.ContainerGroupId)).toEqual([
      ready.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id'],
    ]);
  });

  it('deleting the pod deletes its container group', async () => {
    const pod = await core.readNamespacedPod({ name: 'web', namespace: ns });
    await core.deleteNamespacedPod({ name: 'web', namespace: ns });
    await waitFor('pod gone', async () =>
      (await core.listNamespacedPod({ namespace: ns, fieldSelector: 'metadata.name=web' })).items.length === 0
        ? true
        : undefined,
    );
    await waitFor('group gone', async () =>
      (await groupsByUid()).has(pod.metadata?.uid ?? '') ? undefined : true,
    );
  });
});
