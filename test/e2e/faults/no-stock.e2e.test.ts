/**
 * ECI has no stock: pods say so (a NoStock Warning Event, a Pending status with the reason) and run
 * as soon as stock returns; with one zone drained, pods land in the other zone.
 */
import * as k8s from '@kubernetes/client-node';
import { core, createNamespace, deleteNamespace, events, virtualNodePod, waitFor } from '../lib/cluster.js';
import { setStock, ZONES } from '../lib/faults.js';
import { converge, expectClean } from './convergence.js';
import { groupsByUid, simAdmin } from '../lib/simulator.js';

const ns = 'e2e-faults-stock';

beforeAll(() => createNamespace(ns));
afterAll(async () => {
  await simAdmin('no-stock', { shows: 'error' });
  for (const zone of ZONES) await setStock(zone, 'unlimited');
  await deleteNamespace(ns);
});

const instanceCondition = (pod: k8s.V1Pod): k8s.V1PodCondition | undefined =>
  pod.status?.conditions?.find((c) => c.type === 'ContainerInstanceCreated');

describe('no ECI stock', () => {
  it('in no zone: a NoStock Event and status, then Running once stock returns', async () => {
    for (const zone of ZONES) await setStock(zone, 0);
    const names = ['dry-0', 'dry-1', 'dry-2'];
    for (const name of names)
      await core.createNamespacedPod({ namespace: ns, body: virtualNodePod(name, ns) });
    for (const name of names) {
      const event = await waitFor(`NoStock event for ${name}`, async () =>
        (await events(ns, name)).find((e) => e.reason === 'NoStock'),
      );
      expect(event.type).toBe('Warning');
      expect(event.message).toMatch(
        /no ECI stock for 2\.0-4\.0Gi in the zones of vSwitch vsw-sim-hangzhou-b,vsw-sim-hangzhou-c/,
      );
      expect(event.message).toContain('k8s.aliyun.com/eci-use-specs');
      const pod = await waitFor(`NoStock status of ${name}`, async () => {
        const p = await core.readNamespacedPod({ name, namespace: ns });
        return instanceCondition(p)?.reason === 'NoStock' ? p : undefined;
      });
      expect(pod.status?.phase).toBe('Pending');
      expect(instanceCondition(pod)).toMatchObject({ status: 'False', reason: 'NoStock' });
      expect(pod.status?.containerStatuses?.[0].state?.waiting?.reason).toBe('NoStock');
    }
    const byUid = await groupsByUid();
    const pods = await Promise.all(names.map((name) => core.readNamespacedPod({ name, namespace: ns })));
    expect(pods.map((p) => byUid.get(p.metadata?.uid ?? '')?.length ?? 0)).toEqual([0, 0, 0]);

    for (const zone of ZONES) await setStock(zone, 'unlimited');
    const since = Date.now();
    const report = await converge(
      'no-stock-then-stock',
      { namespaces: [ns], running: new Set(names.map((n) => `${ns}/${n}`)) },
      since,
      150_000,
    );
    expectClean(report);
  }, 240_000);

  it('in one zone: pods land in the other zone', async () => {
    await setStock('cn-hangzhou-b', 0);
    const names = ['one-zone-0', 'one-zone-1', 'one-zone-2'];
    for (const name of names)
      await core.createNamespacedPod({ namespace: ns, body: virtualNodePod(name, ns) });
    const since = Date.now();
    const running = new Set(names.map((n) => `${ns}/${n}`));
    const report = await converge('one-zone-drained', { namespaces: [ns], running }, since, 120_000);
    expectClean(report);
    const byUid = await groupsByUid();
    const pods = await Promise.all(names.map((name) => core.readNamespacedPod({ name, namespace: ns })));
    expect(pods.map((p) => byUid.get(p.metadata?.uid ?? '')?.[0]?.ZoneId)).toEqual(
      names.map(() => 'cn-hangzhou-c'),
    );
  }, 180_000);

  it('a group ECI accepted but could not schedule: the pod stays Pending and gets a new group (fail-back)', async () => {
    await simAdmin('no-stock', { shows: 'scheduleFailed' });
    for (const zone of ZONES) await setStock(zone, 0);
    try {
      await core.createNamespacedPod({ namespace: ns, body: virtualNodePod('unscheduled', ns) });
      const warning = await waitFor('the Warning that the group is replaced', async () =>
        (await events(ns, 'unscheduled')).find((e) => e.message?.includes('ended ScheduleFailed')),
      );
      expect(warning.type).toBe('Warning');
      expect(warning.message).toMatch(
        /^container group eci-\w+ ended ScheduleFailed \(NoStock: .+\); creating another \(k8s\.aliyun\.com\/eci-fail-strategy fail-back/,
      );
      const pending = await core.readNamespacedPod({ name: 'unscheduled', namespace: ns });
      expect(pending.status?.phase).toBe('Pending');
    } finally {
      await simAdmin('no-stock', { shows: 'error' });
      for (const zone of ZONES) await setStock(zone, 'unlimited');
    }
    const report = await converge(
      'schedule-failed-then-stock',
      { namespaces: [ns], running: new Set([`${ns}/unscheduled`]) },
      Date.now(),
      150_000,
    );
    expectClean(report);
    const pod = await core.readNamespacedPod({ name: 'unscheduled', namespace: ns });
    const groups = (await groupsByUid()).get(pod.metadata?.uid ?? '') ?? [];
    expect(groups.map((g) => g.Status)).toEqual(['Running']);
    expect(pod.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id']).toBe(groups[0]?.ContainerGroupId);
  }, 240_000);
});
