// What the kubelet changes in a running pod without recreating it, through the real API server and
// kubectl: mounted ConfigMap files, resources (resize), and what ECI refuses; and activeDeadlineSeconds.
import type * as k8s from '@kubernetes/client-node';
import {
  core,
  createNamespace,
  deleteNamespace,
  eventOn,
  events,
  kubectl,
  virtualNodePod,
  waitFor,
  waitForPhase,
} from './lib/cluster.js';
import { clusterEci, eciCall } from './lib/eci-api.js';
import { groupsByUid, simAdmin } from './lib/simulator.js';

const ns = 'e2e-in-place';

beforeAll(() => createNamespace(ns));
afterAll(() => deleteNamespace(ns));

const eci = clusterEci;

const size = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });

/** `kubectl patch pod --subresource resize`, as a user resizes a running pod. */
const resizePod = (pod: string, patch: object) =>
  kubectl('patch', 'pod', pod, '-n', ns, '--subresource', 'resize', '--patch', JSON.stringify(patch));

/**
 * `cat` in the pod's container, as ECI's console runs a command: ExecContainerCommand with Sync. (The
 * kubelet /run through the API server's node proxy is refused here: the local node's address is
 * loopback, which the API server does not proxy to.)
 */
async function cat(pod: string, path: string): Promise<string> {
  const { metadata } = await core.readNamespacedPod({ name: pod, namespace: ns });
  const id = metadata?.annotations?.['k8s.aliyun.com/eci-instance-id'] ?? '';
  const answer = await eciCall(eci, 'ExecContainerCommand', {
    RegionId: eci.regionId,
    ContainerGroupId: id,
    ContainerName: 'app',
    Command: JSON.stringify(['cat', path]),
    Sync: 'true',
  });
  return String(answer.SyncResponse);
}

async function setConfigMap(name: string, data: Record<string, string>): Promise<void> {
  const body: k8s.V1ConfigMap = { metadata: { name, namespace: ns }, data };
  try {
    await core.replaceNamespacedConfigMap({ name, namespace: ns, body });
  } catch {
    await core.createNamespacedConfigMap({ namespace: ns, body });
  }
}

function podMounting(name: string, configMap: string): k8s.V1Pod {
  return virtualNodePod(name, ns, {
    volumes: [{ name: 'cfg', configMap: { name: configMap } }],
    containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }] }],
  });
}

const warning = (pod: string, reason: string) =>
  waitFor(`a ${reason} event on ${pod}`, async () =>
    (await events(ns, pod)).find((e) => e.reason === reason && e.type === 'Warning'),
  );

describe('in-place updates of running pods', () => {
  it('an edited ConfigMap reaches the mounted file of the running pod within 90 s, in the same group', async () => {
    await setConfigMap('settings', { mode: 'slow' });
    await core.createNamespacedPod({ namespace: ns, body: podMounting('cfg-edit', 'settings') });
    const before = await waitForPhase(ns, 'cfg-edit', 'Running');
    const groupId = before.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id'];
    expect(await cat('cfg-edit', '/etc/cfg/mode')).toBe('slow\n');
    await setConfigMap('settings', { mode: 'fast' });
    await waitFor(
      'the new file content',
      async () => ((await cat('cfg-edit', '/etc/cfg/mode').catch(() => '')) === 'fast\n' ? true : undefined),
      90_000,
    );
    const after = await core.readNamespacedPod({ name: 'cfg-edit', namespace: ns });
    expect(after.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id']).toBe(groupId);
    expect((await eventOn(ns, 'cfg-edit', 'VolumesUpdated')).message).toContain(String(groupId));
  });

  it('a ConfigMap too large for a ConfigFile volume: a Warning naming the file, size and fix, at create and at update', async () => {
    // At create: the pod waits (CreateContainerConfigError) until the ConfigMap is small enough.
    await setConfigMap('huge', { 'data.json': 'x'.repeat(40_000) });
    await core.createNamespacedPod({ namespace: ns, body: podMounting('cfg-huge', 'huge') });
    const atCreate = await warning('cfg-huge', 'Failed');
    expect(atCreate.message).toContain('spec.volumes[0].configMap (ConfigMap huge)');
    expect(atCreate.message).toContain('file "data.json" (40000 bytes)');
    expect(atCreate.message).toContain('mount only the keys needed with items');
    await setConfigMap('huge', { 'data.json': '{}' });
    await waitForPhase(ns, 'cfg-huge', 'Running');
    // At update: the running pod keeps its files.
    await setConfigMap('huge', { 'data.json': 'y'.repeat(40_000) });
    const atUpdate = await warning('cfg-huge', 'ProviderUpdateFailed');
    expect(atUpdate.message).toContain('file "data.json" (40000 bytes)');
    expect(atUpdate.message).toContain('the pod keeps its current files');
    expect(await cat('cfg-huge', '/etc/cfg/data.json')).toBe('{}\n');
    expect((await core.readNamespacedPod({ name: 'cfg-huge', namespace: ns })).status?.phase).toBe('Running');
  });

  it('kubectl patch --subresource resize: ECI resizes the group and the status reports the new resources', async () => {
    const resize = (patch: object) => resizePod('resize', patch);
    const body = virtualNodePod('resize', ns, {
      containers: [{ name: 'app', image: 'nginx', resources: size('1', '2Gi') }],
    });
    await core.createNamespacedPod({ namespace: ns, body });
    const uid = (await waitForPhase(ns, 'resize', 'Running')).metadata?.uid ?? '';
    expect((await groupsByUid()).get(uid)?.[0]).toMatchObject({ Cpu: 1, Memory: 2 });
    const patch = { spec: { containers: [{ name: 'app', resources: size('2', '4Gi') }] } };
    await resize(patch);
    const resized = await waitFor('the resize reported', async () => {
      const pod = await core.readNamespacedPod({ name: 'resize', namespace: ns });
      const app = pod.status?.containerStatuses?.[0];
      const done =
        app?.resources?.limits?.cpu === '2' &&
        app.ready &&
        !pod.status?.conditions?.some((c) => c.type.startsWith('PodResize'));
      return done ? pod : undefined;
    });
    expect(resized.status?.containerStatuses?.[0].allocatedResources).toEqual({ cpu: '2', memory: '4Gi' });
    expect((await groupsByUid()).get(uid)?.[0]).toMatchObject({ Cpu: 2, Memory: 4 });
    expect((await eventOn(ns, 'resize', 'ResizeCompleted')).type).toBe('Normal');

    // A size no ECI spec offers: PodResizePending Infeasible, a Warning, the group keeps its size.
    const tooBig = { spec: { containers: [{ name: 'app', resources: size('500', '4000Gi') }] } };
    await resize(tooBig);
    const pending = await waitFor('PodResizePending', async () =>
      (await core.readNamespacedPod({ name: 'resize', namespace: ns })).status?.conditions?.find(
        (c) => c.type === 'PodResizePending' && c.reason === 'Infeasible',
      ),
    );
    expect(pending.message).toMatch(/keeps its current resources/);
    expect((await warning('resize', 'ResizeInfeasible')).message).toMatch(/keeps its current resources/);
    expect((await groupsByUid()).get(uid)?.[0]).toMatchObject({ Cpu: 2, Memory: 4 });
  });

  it('kubectl patch --subresource resize on a native sidecar: ECI resizes the group, the sidecar status reports it', async () => {
    const body = virtualNodePod('resize-sidecar', ns, {
      initContainers: [
        {
          name: 'proxy',
          image: 'envoyproxy/envoy:v1.31',
          restartPolicy: 'Always',
          resources: size('1', '2Gi'),
        },
      ],
      containers: [{ name: 'app', image: 'nginx', resources: size('1', '2Gi') }],
    });
    await core.createNamespacedPod({ namespace: ns, body });
    const uid = (await waitForPhase(ns, 'resize-sidecar', 'Running')).metadata?.uid ?? '';
    expect((await groupsByUid()).get(uid)?.[0]).toMatchObject({ Cpu: 2, Memory: 4 });
    const patch = { spec: { initContainers: [{ name: 'proxy', resources: size('3', '4Gi') }] } };
    await resizePod('resize-sidecar', patch);
    const proxy = await waitFor('the sidecar resize reported', async () => {
      const pod = await core.readNamespacedPod({ name: 'resize-sidecar', namespace: ns });
      const status = pod.status?.initContainerStatuses?.[0];
      return status?.resources?.limits?.cpu === '3' && status.ready ? status : undefined;
    });
    expect(proxy.allocatedResources).toEqual({ cpu: '3', memory: '4Gi' });
    expect((await groupsByUid()).get(uid)?.[0]).toMatchObject({ Cpu: 4, Memory: 6 }); // 3 + 1 vCPU, 4 + 2 GiB
  });

  it('an update ECI refuses: one Warning naming the field, value and fix; the pod keeps running its image', async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: virtualNodePod('refused', ns, { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
    });
    await waitForPhase(ns, 'refused', 'Running');
    await simAdmin('faults', { refuseUpdates: 'The specified image is not allowed.' });
    try {
      await kubectl('set', 'image', 'pod/refused', 'app=nginx:1.28', '-n', ns);
      const refused = await warning('refused', 'ProviderUpdateFailed');
      expect(refused.message).toMatch(
        /^spec\.containers\[0\]\.image: "nginx:1\.28" was not applied: ECI refused .*The specified image is not allowed\.; the pod keeps running app=nginx:1\.27; set an image ECI can pull and run, or recreate the pod$/,
      );
    } finally {
      await simAdmin('faults', { refuseUpdates: '' });
    }
    const pod = await core.readNamespacedPod({ name: 'refused', namespace: ns });
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.containerStatuses?.[0].image).toBe('nginx:1.27');
    expect(
      (await events(ns, 'refused'))
        .filter((e) => e.reason === 'ProviderUpdateFailed')
        .map((e) => e.count ?? 1),
    ).toEqual([1]);
  });
});

describe('activeDeadlineSeconds', () => {
  it('fails the pod with reason DeadlineExceeded once its deadline passes', async () => {
    const body = virtualNodePod('deadline', ns, { restartPolicy: 'Never', activeDeadlineSeconds: 5 });
    await core.createNamespacedPod({ namespace: ns, body });
    const failed = await waitForPhase(ns, 'deadline', 'Failed', 120_000);
    expect(failed.status?.reason).toBe('DeadlineExceeded');
    expect(failed.status?.message).toBe('Pod was active on the node longer than the specified deadline');
  });
});
