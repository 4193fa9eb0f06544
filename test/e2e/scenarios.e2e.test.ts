import type * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { core, deleteNamespace, kubectl, kubectlStdin, nodeName, podsIn, waitFor } from './lib/cluster.js';
import { groupsByUid } from './lib/simulator.js';
import { standInNode } from './lib/standin.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'scenarios');
const SPEC = 'k8s.aliyun.com/eci-instance-spec';

async function apply(file: string): Promise<void> {
  await kubectl('apply', '-f', join(dir, file));
}

async function deleteManifest(file: string): Promise<void> {
  await kubectl('delete', '--ignore-not-found', '--wait=false', '-f', join(dir, file)).catch(() => undefined);
}

/** Waits until `count` pods match and every one is scheduled; returns them. */
async function scheduled(namespace: string, selector: string, count: number): Promise<k8s.V1Pod[]> {
  return waitFor(`${count} pods ${selector} in ${namespace} scheduled`, async () => {
    const pods = await podsIn(namespace, selector);
    return pods.length === count && pods.every((p) => p.spec?.nodeName) ? pods : undefined;
  });
}

/** Waits until the given pods on the virtual node are Running; returns them fresh. */
async function runningOnVirtualNode(namespace: string, names: string[]): Promise<k8s.V1Pod[]> {
  return Promise.all(
    names.map((name) =>
      waitFor(`${namespace}/${name} Running on the virtual node`, async () => {
        const pod = await core.readNamespacedPod({ name, namespace });
        return pod.spec?.nodeName === nodeName && pod.status?.phase === 'Running' ? pod : undefined;
      }),
    ),
  );
}

async function groupSizes(pods: k8s.V1Pod[]): Promise<string[]> {
  const byUid = await groupsByUid();
  return pods.map((p) => {
    const groups = byUid.get(p.metadata?.uid ?? '') ?? [];
    return groups.map((g) => `${g.Cpu}-${g.Memory}`).join(',');
  });
}

/**
 * The annotations the admission chain gives a pod with `labels` in `default`, seen through a
 * server-side dry run: the webhook (sideEffects None) is called, nothing is created.
 */
async function dryRunEffects(labels: Record<string, string>): Promise<Record<string, string> | undefined> {
  const pod = await core.createNamespacedPod({
    namespace: 'default',
    dryRun: 'All',
    body: {
      metadata: { name: 'eci-profile-probe', labels },
      spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox' }] },
    },
  });
  return pod.metadata?.annotations;
}

describe('user-guide scenarios', () => {
  it('01 affinity and toleration: 2 pods Running on the virtual node, 2 vCPU / 4 GiB, env passed through', async () => {
    await apply('01-affinity-and-toleration.yaml');
    const pods = await scheduled('vk', 'app=helloworld-go', 2);
    const running = await runningOnVirtualNode(
      'vk',
      pods.map((p) => p.metadata?.name ?? ''),
    );
    expect(running.map((p) => p.metadata?.annotations?.[SPEC])).toEqual(['2.0-4.0Gi', '2.0-4.0Gi']);
    expect(await groupSizes(running)).toEqual(['2-4', '2-4']);
    expect(await kubectl('get', 'pod', '-n', 'vk', '-o', 'wide')).toContain(nodeName);
    await deleteNamespace('vk');
  });

  it('03 ECS or ECI: pods land on the ECS node or the virtual node; those on the virtual node run', async () => {
    const ecs = await standInNode('ecs-standin-03', {
      labels: { 'resource-role': 'ecs' },
      cpu: '8',
      pods: '2',
    });
    try {
      await apply('03-ecs-or-eci.yaml');
      const pods = await scheduled('default', 'app=helloworld-go-hybrid', 4);
      const nodes = pods.map((p) => p.spec?.nodeName);
      expect(nodes.every((n) => n === nodeName || n === 'ecs-standin-03')).toBe(true);
      expect(nodes.filter((n) => n === 'ecs-standin-03').length).toBeLessThanOrEqual(2);
      const onVk = pods.filter((p) => p.spec?.nodeName === nodeName).map((p) => p.metadata?.name ?? '');
      expect(onVk.length).toBeGreaterThanOrEqual(2);
      await runningOnVirtualNode('default', onVk);
    } finally {
      await deleteManifest('03-ecs-or-eci.yaml');
      await ecs.stop();
    }
  });

  it('07 gateway prefers ECS: node1 takes what fits, the rest runs on the virtual node', async () => {
    const node1 = await standInNode('node1', {
      labels: { mykey4pod: 'asmgateway' },
      taints: [{ key: 'mykey', value: 'myvalue', effect: 'NoSchedule' }],
      cpu: '4',
      pods: '110',
    });
    try {
      await apply('07-gateway-prefers-ecs.yaml');
      const pods = await scheduled('istio-system', 'app=istio-ingressgateway', 3);
      const onNode1 = pods.filter((p) => p.spec?.nodeName === 'node1');
      const onVk = pods.filter((p) => p.spec?.nodeName === nodeName);
      expect(onNode1.length).toBe(2);
      expect(onVk.length).toBe(1);
      const [running] = await runningOnVirtualNode(
        'istio-system',
        onVk.map((p) => p.metadata?.name ?? ''),
      );
      expect(running.metadata?.annotations?.[SPEC]).toBe('2.0-2.0Gi');
    } finally {
      await deleteNamespace('istio-system');
      await node1.stop();
    }
  });
});

describe('user-guide scenarios through the eci-profile webhook', () => {
  it('02 namespace affinity injection: only the spec annotation, pods run on the virtual node', async () => {
    await apply('02-namespace-affinity-injection.yaml');
    const pods = await scheduled('vk-injected', 'app=helloworld-go', 2);
    const running = await runningOnVirtualNode(
      'vk-injected',
      pods.map((p) => p.metadata?.name ?? ''),
    );
    expect(running.map((p) => p.metadata?.annotations?.[SPEC])).toEqual(['2.0-4.0Gi', '2.0-4.0Gi']);
    await deleteNamespace('vk-injected');
  });

  it('04 the pod label alibabacloud.com/eci=true sends it to the virtual node, default 2 vCPU / 4 GiB', async () => {
    await apply('04-eci-label-on-pod.yaml');
    const [pod] = await runningOnVirtualNode('default', ['nginx']);
    expect(pod.metadata?.annotations?.[SPEC]).toBe('2.0-4.0Gi');
    await deleteManifest('04-eci-label-on-pod.yaml');
  });

  it('05 the namespace label alibabacloud.com/eci=true sends every pod there', async () => {
    await apply('05-eci-label-on-namespace.yaml');
    await runningOnVirtualNode('vk-ns', ['nginx']);
    await deleteNamespace('vk-ns');
  });

  it('06 eci-profile selectors: namespace+object, namespace effect, object effect that never overwrites', async () => {
    // As users do: the ConfigMap first; the webhook picks it up live (no restart), then the workloads.
    const [configMap, ...rest] = readFileSync(join(dir, '06-eci-profile-selectors.yaml'), 'utf8').split(
      /^---$/m,
    );
    await kubectlStdin(configMap, 'apply', '-f', '-');
    await waitFor('the webhook to apply the new eci-profile to a dry-run pod', async () =>
      (await dryRunEffects({ amd: 'true' }))?.['k8s.aliyun.com/eci-use-specs'] === 'ecs.c6a.xlarge'
        ? true
        : undefined,
    );
    await kubectlStdin(rest.join('---\n'), 'apply', '-f', '-');
    const [tagged] = await runningOnVirtualNode('eci-typed', ['tagged']);
    expect(tagged.spec?.nodeName).toBe(nodeName);
    const trainer = await waitFor('trainer scheduled', async () => {
      const p = await core.readNamespacedPod({ name: 'trainer', namespace: 'gpu-team' });
      return p.spec?.nodeName ? p : undefined;
    });
    expect(trainer.spec?.nodeName).toBe(nodeName);
    expect(trainer.metadata?.annotations?.['k8s.aliyun.com/eci-use-specs']).toBe('ecs.gn6v-c8g1.2xlarge');
    const amd = await core.readNamespacedPod({ name: 'amd-job', namespace: 'default' });
    expect(amd.metadata?.annotations?.['k8s.aliyun.com/eci-use-specs']).toBe('ecs.c6a.xlarge');
    expect(amd.metadata?.labels?.['created-by-eci']).toBe('true');
    await kubectl('delete', 'pod', 'amd-job', '-n', 'default', '--ignore-not-found');
    await kubectl(
      'run',
      'amd-own',
      '-n',
      'default',
      '--image=busybox',
      '--restart=Never',
      '-l',
      'amd=true',
      '--annotations=k8s.aliyun.com/eci-use-specs=2-4Gi',
      '--',
      'sh',
      '-c',
      'echo hi',
    );
    const own = await core.readNamespacedPod({ name: 'amd-own', namespace: 'default' });
    expect(own.metadata?.annotations?.['k8s.aliyun.com/eci-use-specs']).toBe('2-4Gi');
    await kubectl('delete', 'pod', 'amd-own', '-n', 'default', '--ignore-not-found');
    await deleteManifest('06-eci-profile-selectors.yaml');
  });
});
