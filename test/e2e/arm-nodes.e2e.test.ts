/**
 * ARM virtual nodes as ACK's "Schedule workloads to ARM-based virtual nodes" page shows them: `kubectl
 * patch` of the eci-profile's enableLinuxArm64Node to "true" adds an ARM node (label and taint
 * kubernetes.io/arch=arm64) beside each virtual node; a pod selecting arm64 runs there on an ARM ECS
 * type (2 vCPU 4 GiB: ecs.c8y.large, in its eci-instance-spec annotation) and `uname -m` says aarch64,
 * the page's own pod (eci label, arm64 nodeSelector, no tolerations: the webhook adds them) too;
 * an x86 instance type there is refused naming the annotation; back to "false", the ARM node is
 * cordoned while its pod runs and deleted once it is gone.
 */
import * as k8s from '@kubernetes/client-node';
import {
  core,
  createNamespace,
  deleteNamespace,
  events,
  kubectl,
  virtualNodePod,
  waitFor,
  waitForPhase,
} from './lib/cluster.js';

const ns = 'e2e-arm-nodes';
const ARM = { key: 'kubernetes.io/arch', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' };

/** Whether this test made the eci-profile (the local stack has none): then it deletes it after. */
let madeProfile = false;

async function setArm(value: 'true' | 'false'): Promise<void> {
  const exists = await kubectl('get', 'configmap', 'eci-profile', '-n', 'kube-system').then(
    () => true,
    () => false,
  );
  if (!exists) {
    await kubectl('create', 'configmap', 'eci-profile', '-n', 'kube-system');
    madeProfile = true;
  }
  const patch = JSON.stringify({ data: { enableLinuxArm64Node: value } });
  await kubectl('patch', 'configmap', 'eci-profile', '-n', 'kube-system', '--type=merge', '-p', patch);
}

async function armNodes(): Promise<k8s.V1Node[]> {
  return (await core.listNode({ labelSelector: 'kubernetes.io/arch=arm64,type=virtual-kubelet' })).items;
}

function armPod(name: string, annotations: Record<string, string> = {}): k8s.V1Pod {
  const pod = virtualNodePod(name, ns, {
    nodeSelector: { type: 'virtual-kubelet', 'kubernetes.io/arch': 'arm64' },
    containers: [{ name: 'app', image: 'arm64v8/centos:7.9.2009', command: ['sleep', '999999'] }],
  });
  pod.spec = {
    ...pod.spec,
    containers: pod.spec?.containers ?? [],
    tolerations: [...(pod.spec?.tolerations ?? []), ARM],
  };
  pod.metadata = { ...pod.metadata, annotations };
  return pod;
}

beforeAll(() => createNamespace(ns));
afterAll(async () => {
  const restore = madeProfile
    ? kubectl('delete', 'configmap', 'eci-profile', '-n', 'kube-system', '--ignore-not-found')
    : kubectl(
        'patch',
        'configmap',
        'eci-profile',
        '-n',
        'kube-system',
        '--type=merge',
        '-p',
        '{"data":{"enableLinuxArm64Node":null}}',
      );
  await restore.catch(() => undefined);
  await deleteNamespace(ns);
});

it('enableLinuxArm64Node adds an ARM node where arm64 pods run on ARM ECS types, and removes it again', async () => {
  await setArm('true');
  const [node] = await waitFor('a Ready ARM virtual node', async () => {
    const nodes = await armNodes();
    const ready = nodes.filter((n) =>
      n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    return ready.length > 0 ? ready : undefined;
  });
  const name = node.metadata?.name ?? '';
  expect(name).toMatch(/-linux-arm64$/);
  expect(node.spec?.taints).toEqual(
    expect.arrayContaining([
      { key: 'kubernetes.io/arch', value: 'arm64', effect: 'NoSchedule' },
      { key: 'virtual-kubelet.io/provider', value: 'alibabacloud', effect: 'NoSchedule' },
    ]),
  );
  expect(node.status?.nodeInfo?.architecture).toBe('arm64');
  expect(node.metadata?.labels?.['topology.kubernetes.io/zone']).toMatch(/^cn-hangzhou-/);

  await core.createNamespacedPod({ namespace: ns, body: armPod('arm') });
  const running = await waitForPhase(ns, 'arm', 'Running');
  expect(running.spec?.nodeName).toBe(name);
  const spec = await waitFor('the ECS instance type in eci-instance-spec', async () => {
    const pod = await core.readNamespacedPod({ name: 'arm', namespace: ns });
    const value = pod.metadata?.annotations?.['k8s.aliyun.com/eci-instance-spec'];
    return value?.startsWith('ecs.') ? value : undefined;
  });
  expect(spec).toBe('ecs.c8y.large');
  expect((await kubectl('exec', '-n', ns, 'arm', '--', 'uname', '-m')).trim()).toBe('aarch64');

  // The page's own pod: the eci label and an arm64 nodeSelector, no tolerations (ACK 1.24+ adds them).
  await core.createNamespacedPod({
    namespace: ns,
    body: {
      metadata: { name: 'as-documented', labels: { 'alibabacloud.com/eci': 'true' } },
      spec: {
        nodeSelector: { 'kubernetes.io/arch': 'arm64' },
        containers: [{ name: 'nginx', image: 'arm64v8/centos:7.9.2009', command: ['sleep', '999999'] }],
      },
    },
  });
  const documented = await waitForPhase(ns, 'as-documented', 'Running');
  expect(documented.spec?.nodeName).toBe(name);
  expect(documented.spec?.tolerations).toEqual(
    expect.arrayContaining([
      { key: 'kubernetes.io/arch', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' },
    ]),
  );

  await core.createNamespacedPod({
    namespace: ns,
    body: armPod('x86-type', { 'k8s.aliyun.com/eci-use-specs': 'ecs.c6.large' }),
  });
  const refused = await waitFor('the ProviderFailed event', async () =>
    (await events(ns, 'x86-type')).find((e) => e.reason === 'ProviderFailed'),
  );
  expect(refused.message).toContain(
    `metadata.annotations[k8s.aliyun.com/eci-use-specs]: "ecs.c6.large" is not an ARM instance type, but the pod runs on the ARM node ${name}`,
  );

  await setArm('false');
  await waitFor('the ARM node cordoned while its pod runs', async () => {
    const current = await core.readNode({ name });
    return current.spec?.unschedulable === true ? current : undefined;
  });
  expect((await core.readNamespacedPod({ name: 'arm', namespace: ns })).status?.phase).toBe('Running');
  await core.deleteNamespacedPod({ name: 'arm', namespace: ns, gracePeriodSeconds: 0 });
  await core.deleteNamespacedPod({ name: 'x86-type', namespace: ns, gracePeriodSeconds: 0 });
  await core.deleteNamespacedPod({ name: 'as-documented', namespace: ns, gracePeriodSeconds: 0 });
  await waitFor(
    'the empty ARM node deleted',
    async () => ((await armNodes()).some((n) => n.metadata?.name === name) ? undefined : true),
    120_000,
  );
}, 300_000);
