/**
 * The ACK user guide "Knative on ECI" on real Knative Serving (v0.42.2, built from its Go module and
 * run as local processes by `cluster up --knative`): the guide's Knative Services applied verbatim,
 * as a user would, and checked as the guide says (`kubectl -n vk get pod -o wide`: 2/2 Running on the
 * virtual node) plus what the user pays for (the container group's 2 vCPU / 4 GiB).
 */
import * as k8s from '@kubernetes/client-node';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  clusterDir,
  core,
  deleteNamespace,
  devCli,
  events,
  kc,
  kubectl,
  kubectlStdin,
  nodeName,
  podsIn,
  waitFor,
} from './lib/cluster.js';
import { groupsByUid } from './lib/simulator.js';
import { standInNode } from './lib/standin.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'scenarios', 'knative');
const custom = kc.makeApiClient(k8s.CustomObjectsApi);
const SPEC = 'k8s.aliyun.com/eci-instance-spec';
const REVISION = 'serving.knative.dev/revision';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

async function revisionReady(namespace: string, name: string): Promise<true> {
  return waitFor(`Revision ${namespace}/${name} Ready`, async () => {
    const rev = (await custom.getNamespacedCustomObject({
      group: 'serving.knative.dev',
      version: 'v1',
      namespace,
      plural: 'revisions',
      name,
    })) as { status?: { conditions?: Condition[] } };
    const ready = rev.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status === 'False')
      throw new Error(`Revision ${name} failed: ${ready.reason}: ${ready.message}`);
    return ready?.status === 'True' ? true : undefined;
  });
}

/** The revision's one pod once it is 2/2 Running on the virtual node (what `get pod -o wide` shows). */
async function revisionPod(namespace: string, revision: string): Promise<k8s.V1Pod> {
  return waitFor(`the pod of ${revision} 2/2 Running on the virtual node`, async () => {
    const pods = await podsIn(namespace, `${REVISION}=${revision}`);
    const pod = pods.length === 1 ? pods[0] : undefined;
    const ready = pod?.status?.containerStatuses?.filter((c) => c.ready).length;
    return pod?.spec?.nodeName === nodeName && pod.status?.phase === 'Running' && ready === 2
      ? pod
      : undefined;
  });
}

async function namespaceGone(name: string): Promise<void> {
  await deleteNamespace(name);
  await waitFor(
    `namespace ${name} gone`,
    async () => {
      try {
        await core.readNamespace({ name });
        return undefined;
      } catch (err) {
        if (err instanceof k8s.ApiException && err.code === 404) return true;
        throw err;
      }
    },
    180_000,
  );
}

/** What the user runs: the row of `kubectl get pod -o wide` for the pod. */
async function wideRow(namespace: string, name: string): Promise<string[]> {
  const out = await kubectl('get', 'pod', '-n', namespace, '-o', 'wide', name);
  return out.trim().split('\n')[1].split(/\s+/);
}

async function groupSize(pod: k8s.V1Pod): Promise<string> {
  const groups = (await groupsByUid()).get(pod.metadata?.uid ?? '') ?? [];
  return groups.map((g) => `${g.Cpu}-${g.Memory}`).join(',');
}

async function expectGuideOutcome(namespace: string, revision: string): Promise<k8s.V1Pod> {
  await revisionReady(namespace, revision);
  const pod = await revisionPod(namespace, revision);
  const name = pod.metadata?.name ?? '';
  expect(name).toMatch(new RegExp(`^${revision}-deployment-`));
  const [, ready, status, , , , node] = await wideRow(namespace, name);
  expect([ready, status, node]).toEqual(['2/2', 'Running', nodeName]);
  expect(pod.metadata?.annotations?.[SPEC]).toBe('2.0-4.0Gi');
  expect(await groupSize(pod)).toBe('2-4');
  return pod;
}

beforeAll(async () => {
  // Adds Knative to the suite's cluster; the first run on a machine builds it (minutes).
  await devCli('cluster', 'up', '--dir', clusterDir, '--knative');
}, 1_800_000);

afterAll(async () => {
  // The rest of the suite runs without Knative, as before (its ports 8012/8013/8080 freed too).
  for (const component of [
    'knative-activator',
    'knative-autoscaler',
    'knative-controller',
    'knative-webhook',
  ])
    await devCli('cluster', 'kill', '--dir', clusterDir, '--component', component);
}, 120_000);

describe('the Knative on ECI guide, verbatim, on Knative Serving v0.42.2', () => {
  afterAll(async () => {
    // Knative's finalizers are removed by its controller: everything goes before Knative stops,
    // or namespace vk (which the scenarios suite uses too) would stay Terminating.
    await kubectl('delete', 'ksvc', 'helloworld-go', '-n', 'default', '--ignore-not-found', '--timeout=120s');
    for (const namespace of ['vk', 'kn-broken']) await namespaceGone(namespace);
  }, 240_000);

  it('way 1, affinity and toleration: Revision Ready, its pod 2/2 Running on the virtual node, 2 vCPU / 4 GiB', async () => {
    await kubectl('create', 'namespace', 'vk');
    await kubectl('apply', '-f', join(dir, '01-affinity-and-toleration.yaml'));
    const pod = await expectGuideOutcome('vk', 'helloworld-go-00001');
    const user = pod.spec?.containers.find((c) => c.name === 'user-container');
    expect(user?.env?.find((e) => e.name === 'TARGET')?.value).toBe('Knative');
  });

  it('a new revision rolls out; the old revision, deleted, drains: Terminating, then gone with its group', async () => {
    const [old] = await podsIn('vk', `${REVISION}=helloworld-go-00001`);
    const oldUid = old.metadata?.uid ?? '';
    await kubectl(
      'patch',
      'ksvc',
      'helloworld-go',
      '-n',
      'vk',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/template/spec/containers/0/env/0/value","value":"Knative v2"}]',
    );
    await expectGuideOutcome('vk', 'helloworld-go-00002');
    // With no ingress in the local cluster the Route keeps the old revision routed (Knative moves
    // traffic only once an ingress is ready), so it is never collected: the user deletes it.
    await kubectl('delete', 'revision', 'helloworld-go-00001', '-n', 'vk', '--wait=false');
    await waitFor('the old pod Terminating', async () => {
      const pods = await podsIn('vk', `${REVISION}=helloworld-go-00001`);
      return pods[0]?.metadata?.deletionTimestamp ? true : pods.length === 0 ? true : undefined;
    });
    await waitFor('the old pod gone', async () =>
      (await podsIn('vk', `${REVISION}=helloworld-go-00001`)).length === 0 ? true : undefined,
    );
    expect((await groupsByUid()).get(oldUid) ?? []).toEqual([]);
    const [now] = await podsIn('vk', `${REVISION}=helloworld-go-00002`);
    expect(now.status?.phase).toBe('Running');
  });

  it('way 1 with the namespace label: only the spec annotation; the affinity is injected, 2/2 on the virtual node', async () => {
    await kubectl('label', 'namespace', 'vk', 'virtual-node-affinity-injection=enabled');
    await kubectl('apply', '-f', join(dir, '02-namespace-affinity-injection.yaml'));
    const pod = await expectGuideOutcome('vk', 'helloworld-go-00003');
    expect(pod.spec?.tolerations?.some((t) => t.key === 'virtual-kubelet.io/provider')).toBe(true);
  });

  it("queue-proxy's readiness answers only once the user container is up: an unpullable image keeps the pod 0/2", async () => {
    await kubectl('create', 'namespace', 'kn-broken');
    await kubectlStdin(
      [
        'apiVersion: serving.knative.dev/v1',
        'kind: Service',
        'metadata: {name: broken, namespace: kn-broken}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '      - image: registry.cn-hangzhou.aliyuncs.com/knative-sample/does-not-exist:1',
        '      affinity:',
        '        nodeAffinity:',
        '          requiredDuringSchedulingIgnoredDuringExecution:',
        '            nodeSelectorTerms: [{matchExpressions: [{key: type, operator: In, values: [virtual-kubelet]}]}]',
        '      tolerations: [{key: virtual-kubelet.io/provider, operator: Exists}]',
      ].join('\n'),
      'apply',
      '-f',
      '-',
    );
    const pod = await waitFor('queue-proxy Running but not Ready beside an image pull back-off', async () => {
      const [p] = await podsIn('kn-broken', `${REVISION}=broken-00001`);
      const byName = new Map(p?.status?.containerStatuses?.map((c) => [c.name, c]));
      const queue = byName.get('queue-proxy');
      const user = byName.get('user-container');
      return queue?.state?.running && !queue.ready && user?.state?.waiting?.reason === 'ImagePullBackOff'
        ? p
        : undefined;
    });
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    const warnings = (await events('kn-broken', pod.metadata?.name ?? '')).map((e) => e.message ?? '');
    expect(warnings).toContain(
      "spec.containers[1].readinessProbe.httpGet.httpHeaders: not sent (K-Network-Probe): ECI's probe HttpGet has only Path, Port and Scheme",
    );
    await namespaceGone('kn-broken');
  });

  it('way 2, ECS or ECI: the guide text does not parse; fixed, with the ECS node full, the pod runs on ECI', async () => {
    await expect(kubectl('apply', '-f', join(dir, '03-ecs-or-eci.yaml'))).rejects.toThrow(
      /error converting YAML to JSON|did not find expected key|mapping values are not allowed/,
    );
    // The guide labels its ECS nodes resource-role=ecs; this stand-in one has room for no pod.
    const ecs = await standInNode('ecs-full', { labels: { 'resource-role': 'ecs' }, cpu: '8', pods: '0' });
    try {
      await kubectl('apply', '-f', join(dir, '03-ecs-or-eci-fixed.yaml'));
      const pod = await expectGuideOutcome('default', 'helloworld-go-00001');
      const terms =
        pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
      expect(terms?.map((t) => t.matchExpressions?.[0].key)).toEqual(['resource-role', 'type']);
    } finally {
      await ecs.stop();
    }
  });
});
