/**
 * A controller that died between creating a container group and recording it on the pod: the next
 * one adopts the group by its UID tag and must report its status from the regular status polls, not
 * only from the next full listing. The controller here runs with FULL_RESYNC_INTERVAL=3600, so only
 * the polls can do it. (Seen first in controller-kill and backend-faults: pods Pending for up to a
 * minute next to their Running groups.)
 */
import { core, createNamespace, env, virtualNodePod, waitFor, waitForPhase } from '../lib/cluster.js';
import {
  clusterRecord,
  eciCall,
  retireExtraController,
  startExtraController,
  type ExtraController,
} from '../lib/faults.js';
import { groupsByUid, type SimGroup } from '../lib/simulator.js';

const ns = 'e2e-faults-late';
const NODE = 'virtual-kubelet-e2e-late';
const SETTINGS = { FULL_RESYNC_INTERVAL: '3600' };
// A status poll asks for the groups changed in the last (poll interval + 2) s, 3 s here; a group
// whose last change is older than this is outside every poll's SinceSecond window, with margin.
const OUTSIDE_POLL_WINDOW_MS = 10_000;

/** When ECI last changed the group: its newest event, container start, or its creation. */
function lastChange(group: SimGroup): number {
  const times = [
    group.CreationTime,
    ...(group.Events ?? []).map((e) => e.LastTimestamp),
    ...group.Containers.map((c) => c.CurrentState?.StartTime),
  ];
  return Math.max(...times.map((t) => (t === undefined ? 0 : Date.parse(t))).filter((t) => !Number.isNaN(t)));
}
let controller: ExtraController | undefined;

beforeAll(async () => {
  await createNamespace(ns);
  controller = await startExtraController(NODE, SETTINGS);
});

afterAll(async () => {
  if (controller === undefined)
    controller = await startExtraController(NODE, SETTINGS).catch(() => undefined);
  await retireExtraController(controller, ns);
});

/** The CreateContainerGroup a controller for NODE sends for the pod, flattened (tags and ClientToken included). */
function createParams(name: string, uid: string): Record<string, string> {
  const tags = [
    ['ClusterName', clusterRecord().clusterId],
    ['NodeName', NODE],
    ['NameSpace', ns],
    ['PodName', name],
    ['UID', uid],
  ];
  return {
    RegionId: env.ECI_REGION ?? 'cn-hangzhou',
    SecurityGroupId: 'sg-sim-default',
    VSwitchId: 'vsw-sim-hangzhou-b',
    ContainerGroupName: `${ns}-${name}`.replace(/[^a-z0-9-]/g, ''),
    RestartPolicy: 'Always',
    Cpu: '2',
    Memory: '4',
    ClientToken: uid,
    'Container.1.Name': 'app',
    'Container.1.Image': 'nginx',
    ...Object.fromEntries(
      tags.flatMap(([k, v], i) => [
        [`Tag.${i + 1}.Key`, k],
        [`Tag.${i + 1}.Value`, v],
      ]),
    ),
  };
}

describe('a controller killed between create and record', () => {
  it('the next one adopts the group by UID and reports the pod Running', async () => {
    await controller?.stop('SIGKILL');
    controller = undefined;
    // While no controller runs: the pod, and the group the dead controller had made for it.
    const body = virtualNodePod('adopted', ns, { nodeName: NODE });
    const pod = await core.createNamespacedPod({ namespace: ns, body });
    const uid = pod.metadata?.uid ?? '';
    const created = await eciCall('CreateContainerGroup', createParams('adopted', uid));
    expect(created.status).toBe(200);
    await waitFor('the group Running in ECI', async () =>
      (await groupsByUid()).get(uid)?.[0]?.Status === 'Running' ? true : undefined,
    );

    // The next controller must find the group's status although no poll's SinceSecond covers it.
    await waitFor(`the group's last change to be ${OUTSIDE_POLL_WINDOW_MS} ms old`, async () => {
      const group = (await groupsByUid()).get(uid)?.[0];
      return group !== undefined && Date.now() - lastChange(group) > OUTSIDE_POLL_WINDOW_MS
        ? true
        : undefined;
    });
    controller = await startExtraController(NODE, SETTINGS);
    const running = await waitForPhase(ns, 'adopted', 'Running', 60_000);
    expect(running.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id']).toBe(
      created.body.ContainerGroupId,
    );
    expect((await groupsByUid()).get(uid)).toHaveLength(1);
  }, 240_000);
});
