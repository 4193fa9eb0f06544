import type { V1Pod, V1PodSpec } from '@kubernetes/client-node';
import {
  core,
  createNamespace,
  deleteNamespace,
  kubectl,
  kubectlStdin,
  podsIn,
  virtualNodePod,
  waitFor,
} from './lib/cluster.js';

const ns = 'e2e-sidecars';

beforeAll(() => createNamespace(ns));
afterAll(() => deleteNamespace(ns));

const shipper = {
  name: 'shipper',
  image: 'busybox',
  restartPolicy: 'Always',
  command: ['sh', '-c', 'while true; do echo shipping; sleep 1; done'],
};

/** Applies a Job of this pod spec (no retries) with kubectl, waits for it to complete, and returns its pod. */
async function completedJob(name: string, spec: V1PodSpec | undefined): Promise<V1Pod> {
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ns },
    spec: { backoffLimit: 0, template: { metadata: { labels: { job: name } }, spec } },
  };
  await kubectlStdin(JSON.stringify(job), 'apply', '-f', '-');
  await kubectl('wait', '--for=condition=Complete', `job/${name}`, '-n', ns, '--timeout=90s');
  const [pod] = await podsIn(ns, `job=${name}`);
  return pod;
}

describe('native sidecars (init containers with restartPolicy Always)', () => {
  it('a Job with a log-shipping sidecar completes once its work is done', async () => {
    const { spec } = virtualNodePod('unused', ns, {
      restartPolicy: 'Never',
      initContainers: [shipper],
      containers: [{ name: 'work', image: 'busybox', command: ['sh', '-c', 'sleep 3; echo work done'] }],
    });
    const pod = await completedJob('report', spec);
    expect(pod.status?.phase).toBe('Succeeded');
    // The sidecar was stopped when the work ended; its exit does not count, as with the kubelet.
    expect(pod.status?.initContainerStatuses?.[0]).toMatchObject({
      name: 'shipper',
      state: { terminated: { exitCode: 0 } },
    });
    const name = pod.metadata?.name ?? '';
    expect(await kubectl('logs', name, '-n', ns, '-c', 'shipper')).toContain('shipping');
    expect(await kubectl('logs', name, '-n', ns, '-c', 'work')).toContain('work done');
  });

  it('a Job whose classic sidecar (an ordinary container) stops once the work leaves a file in a shared emptyDir', async () => {
    // The pattern from before native sidecars (cloud-sql-proxy and Istio Jobs): the sidecar polls for
    // the file the work container leaves as it ends.
    const shared = [{ name: 'shared', mountPath: '/shared' }];
    const { spec } = virtualNodePod('unused', ns, {
      restartPolicy: 'Never',
      volumes: [{ name: 'shared', emptyDir: {} }],
      containers: [
        {
          name: 'work',
          image: 'busybox',
          command: ['sh', '-c', 'echo working; sleep 3; touch /shared/done'],
          volumeMounts: shared,
        },
        {
          name: 'proxy',
          image: 'busybox',
          command: [
            'sh',
            '-c',
            'echo proxy up; until [ -f /shared/done ]; do sleep 1; done; echo proxy exiting',
          ],
          volumeMounts: shared,
        },
      ],
    });
    const pod = await completedJob('migrate', spec);
    expect(await kubectl('logs', pod.metadata?.name ?? '', '-n', ns, '-c', 'proxy')).toBe(
      'proxy up\nproxy exiting\n',
    );
  });

  it('an Istio-style pod: init, then a proxy sidecar that holds the app until Ready and counts in READY', async () => {
    const pod = virtualNodePod('meshed', ns, {
      initContainers: [
        // What the simulator cannot judge in an init container ends, as istio-iptables does.
        { name: 'iptables', image: 'istio/proxyv2:1.24.0', args: ['istio-iptables', '-p', '15001'] },
        {
          name: 'proxy',
          image: 'istio/proxyv2:1.24.0', // as Istio injects it: the image is present once the init ran
          restartPolicy: 'Always',
          readinessProbe: { exec: { command: ['true'] }, initialDelaySeconds: 4 },
        },
      ],
      containers: [{ name: 'app', image: 'nginx' }],
    });
    await core.createNamespacedPod({ namespace: ns, body: pod });
    const ready = await waitFor('kubectl to show the pod 2/2 Running', async () => {
      const [, readyColumn, status] = (await kubectl('get', 'pod', 'meshed', '-n', ns, '--no-headers')).split(
        /\s+/,
      );
      return readyColumn === '2/2' && status === 'Running' ? readyColumn : undefined;
    });
    expect(ready).toBe('2/2');
    const status = (await core.readNamespacedPod({ name: 'meshed', namespace: ns })).status;
    const proxy = status?.initContainerStatuses?.[1];
    const app = status?.containerStatuses?.[0];
    expect(proxy).toMatchObject({ name: 'proxy', started: true, ready: true });
    const startedAt = (d: Date | undefined) => new Date(d ?? 0).getTime();
    // ECI starts the app once the proxy passed its readiness probe, 4 s after it started.
    expect(
      startedAt(app?.state?.running?.startedAt) - startedAt(proxy?.state?.running?.startedAt),
    ).toBeGreaterThanOrEqual(4000);
    // The init container's end as ECI described it: when it ran, and which container it was.
    const iptables = await waitFor('the init container described as ended', async () => {
      const p = await core.readNamespacedPod({ name: 'meshed', namespace: ns });
      const init = p.status?.initContainerStatuses?.[0];
      return init?.state?.terminated?.finishedAt ? init : undefined;
    });
    expect(iptables.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(iptables.state?.terminated?.startedAt).toBeDefined();
    expect(iptables.containerID).toMatch(/^eci:\/\//);
  });
});
