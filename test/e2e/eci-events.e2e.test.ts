/**
 * Issue 16, "how it will be checked": `kubectl describe pod` shows the ECI events of the pod's
 * container group. The local cluster's controller reaches the simulator through the official SDK
 * (ECI_BACKEND=alibaba), and the simulator answers DescribeContainerGroupStatus exactly as the SDK
 * model says, without events: what describe shows can only have come from DescribeContainerGroupEvents.
 */
import * as eciSdk from '@alicloud/eci20180808';
import {
  core,
  createNamespace,
  deleteNamespace,
  describePodEvents,
  env,
  events,
  virtualNodePod,
  waitFor,
  waitForPhase,
  type DescribedEvent,
} from './lib/cluster.js';
import { clusterRecord } from './lib/controllers.js';
import { clusterEci, eciCall } from './lib/eci-api.js';
import { controllerMetric } from './lib/metrics.js';
import { groupsByUid } from './lib/simulator.js';

const ns = 'e2e-eci-events';
const eci = clusterEci;
const EVENT_CALLS = { backend: 'alibaba', action: 'DescribeContainerGroupEvents', code: 'Success' };

beforeAll(() => createNamespace(ns));
afterAll(() => deleteNamespace(ns));

/** Until the pod's Events include every one of `reasons`, so that describe then runs once on them. */
async function waitForReasons(name: string, reasons: string[]): Promise<void> {
  await waitFor(`events ${reasons.join(', ')} on pod ${ns}/${name}`, async () => {
    const seen = new Set((await events(ns, name)).map((e) => e.reason));
    return reasons.every((r) => seen.has(r)) ? true : undefined;
  });
}

/** The container group of a pod, by the pod-UID tag the controller gives it. */
async function groupIdOf(name: string): Promise<string> {
  const pod = await core.readNamespacedPod({ name, namespace: ns });
  const groups = (await groupsByUid()).get(pod.metadata?.uid ?? '') ?? [];
  expect(groups).toHaveLength(1);
  return groups[0]?.ContainerGroupId ?? '';
}

const rows = (shown: DescribedEvent[], reason: string): DescribedEvent[] =>
  shown.filter((e) => e.reason === reason);

describe('ECI events on the pod (kubectl describe)', () => {
  it('shows Pulling, Pulled, Created and Started, which only DescribeContainerGroupEvents carries', async () => {
    // The cluster's controller talks to the simulator as it would to ECI: the official SDK over HTTP.
    expect(clusterRecord().components.controller?.env).toMatchObject({
      ECI_BACKEND: 'alibaba',
      ECI_ENDPOINT: env.ECI_ENDPOINT,
    });
    const eventCallsBefore = await controllerMetric('eci_backend_requests_total', EVENT_CALLS);

    await core.createNamespacedPod({ namespace: ns, body: virtualNodePod('web', ns) });
    await waitForPhase(ns, 'web', 'Running');
    await waitForReasons('web', ['Pulling', 'Pulled', 'Created', 'Started']);

    const { events: shown } = await describePodEvents(ns, 'web');
    expect(shown.map((e) => e.reason)).toEqual(
      expect.arrayContaining(['Pulling', 'Pulled', 'Created', 'Started']),
    );
    expect(rows(shown, 'Pulling')).toEqual([
      expect.objectContaining({ type: 'Normal', message: 'Pulling image "nginx"' }),
    ]);
    expect(rows(shown, 'Pulled')).toEqual([
      expect.objectContaining({
        type: 'Normal',
        message: expect.stringContaining('image "nginx"') as string,
      }),
    ]);
    expect(rows(shown, 'Created')).toEqual([
      expect.objectContaining({ type: 'Normal', message: 'Created container app' }),
    ]);
    expect(rows(shown, 'Started')).toEqual([
      expect.objectContaining({ type: 'Normal', message: 'Started container app' }),
    ]);
    // Listed in the order they happened, as the kubelet's Events are: `kubectl get events` lists by
    // name, and names follow the time of writing (several of these share a second).
    const listed = (await events(ns, 'web')).map((e) => e.reason ?? '');
    expect(listed.filter((r) => ['Pulling', 'Pulled', 'Created', 'Started'].includes(r))).toEqual([
      'Pulling',
      'Pulled',
      'Created',
      'Started',
    ]);

    // On the wire, as any ECI client sees it: the status record of the group has no events at all,
    // the events answer has them, and the controller did ask for them.
    const id = await groupIdOf('web');
    const query = { RegionId: eci.regionId, ContainerGroupIds: JSON.stringify([id]) };
    const status = (await eciCall(eci, 'DescribeContainerGroupStatus', query)).Data as Record<
      string,
      unknown
    >[];
    expect(status.map((r) => r.ContainerGroupId)).toEqual([id]);
    const modelFields = Object.values(eciSdk.DescribeContainerGroupStatusResponseBodyData.names());
    expect(Object.keys(status[0] ?? {}).filter((field) => !modelFields.includes(field))).toEqual([]);
    expect(Object.keys(status[0] ?? {})).not.toContain('Events');
    const answered = (await eciCall(eci, 'DescribeContainerGroupEvents', query)).Data as {
      Events: { Reason: string; FirstTimestamp: string; Count: number }[];
    }[];
    expect(answered[0]?.Events.map((e) => e.Reason)).toEqual(
      expect.arrayContaining(['Pulling', 'Pulled', 'Created', 'Started']),
    );
    // Each Event says when ECI saw it happen, however late the controller wrote it.
    const written = new Map((await events(ns, 'web')).map((e) => [e.reason, e]));
    for (const happened of answered[0]?.Events ?? []) {
      expect([happened.Reason, written.get(happened.Reason)?.firstTimestamp?.toISOString()]).toEqual([
        happened.Reason,
        new Date(happened.FirstTimestamp).toISOString(),
      ]);
    }
    expect(await controllerMetric('eci_backend_requests_total', EVENT_CALLS)).toBeGreaterThan(
      eventCallsBefore,
    );
  });

  it('shows Failed and BackOff for an image that cannot be pulled', async () => {
    // The simulator cannot pull an image whose name contains `invalid`, as ECI cannot pull a missing one.
    const image = 'registry.example.com/team/invalid-image:1.0';
    await core.createNamespacedPod({
      namespace: ns,
      body: virtualNodePod('bad-image', ns, { containers: [{ name: 'app', image }] }),
    });
    await waitForReasons('bad-image', ['Pulling', 'Failed', 'BackOff']);

    const { events: shown } = await describePodEvents(ns, 'bad-image');
    const failed = rows(shown, 'Failed');
    expect(failed.map((e) => e.type)).toEqual(failed.map(() => 'Warning'));
    expect(failed.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`Failed to pull image "${image}"`),
        'Error: ErrImagePull',
      ]),
    );
    // Each retry backs off again: one row, or more as the count grows, all Normal as the kubelet's.
    const backOff = rows(shown, 'BackOff');
    expect(backOff.map((e) => [e.type, e.message])).toEqual(
      backOff.map(() => ['Normal', `Back-off pulling image "${image}"`]),
    );
    expect(backOff.length).toBeGreaterThan(0);
    // And the pod says why it does not start, as a kubelet's would.
    await waitFor('the container waiting on its image pull', async () => {
      const pod = await core.readNamespacedPod({ name: 'bad-image', namespace: ns });
      const reason = pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;
      return reason === 'ErrImagePull' || reason === 'ImagePullBackOff' ? reason : undefined;
    });
  });
});
