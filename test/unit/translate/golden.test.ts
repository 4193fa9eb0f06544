/**
 * Golden files: the full CreateContainerGroup request for every pod of the user scenarios
 * (the project's copies in test/e2e/scenarios), as the API server would hand them to the virtual node.
 * Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import * as prettier from 'prettier';
import type { V1Container, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { ANNOTATION, specLabel, translatePod, type Translation } from '../../../src/translate/index.js';
import { configMap, emptyRefs, kubeApiAccessVolume, makeCtx } from './fixtures.js';

const SCENARIOS = path.resolve(process.cwd(), 'test/e2e/scenarios');
const GOLDEN = path.resolve(process.cwd(), 'test/unit/translate/golden');
const NODE = 'virtual-kubelet-cn-hangzhou-b';

/** What the eci-profile webhook adds in scenario 06 (tested in the webhook's own suite). */
const PROFILE_EFFECTS: Record<string, Record<string, string>> = {
  'gpu-team/trainer': { [ANNOTATION.useSpecs]: 'ecs.gn6v-c8g1.2xlarge' },
  'default/amd-job': { [ANNOTATION.useSpecs]: 'ecs.c6a.xlarge' },
};

/** The defaults the API server and the ServiceAccount admission plugin add before a pod reaches us. */
function admit(pod: V1Pod): V1Pod {
  const spec = pod.spec!;
  const defaults = (c: V1Container): V1Container => ({
    imagePullPolicy:
      /:[^/]+$/.test(c.image ?? '') && !(c.image ?? '').endsWith(':latest') ? 'IfNotPresent' : 'Always',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...c,
    ports: c.ports?.map((p) => ({ protocol: 'TCP', ...p })),
    volumeMounts: [
      ...(c.volumeMounts ?? []),
      {
        name: 'kube-api-access-x7k2p',
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        readOnly: true,
      },
    ],
  });
  return {
    ...pod,
    spec: {
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      serviceAccountName: 'default',
      enableServiceLinks: true,
      ...spec,
      nodeName: NODE,
      containers: spec.containers.map(defaults),
      initContainers: spec.initContainers?.map(defaults),
      volumes: [...(spec.volumes ?? []), kubeApiAccessVolume('kube-api-access-x7k2p')],
    },
  };
}

function podsOf(file: string): V1Pod[] {
  const docs = k8s.loadAllYaml(fs.readFileSync(path.join(SCENARIOS, file), 'utf8')) as (
    V1Pod | V1Deployment
  )[];
  const pods: V1Pod[] = [];
  for (const doc of docs) {
    let pod: V1Pod | undefined;
    if (doc.kind === 'Pod') pod = doc as V1Pod;
    if (doc.kind === 'Deployment') {
      const d = doc as V1Deployment;
      pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...d.spec?.template.metadata,
          name: `${d.metadata?.name}-7d9f8b6c5d-x2x9q`,
          namespace: d.metadata?.namespace,
        },
        spec: d.spec?.template.spec,
      };
    }
    if (!pod) continue;
    const ns = pod.metadata?.namespace ?? 'default';
    const key = `${ns}/${pod.metadata?.name}`;
    pod.metadata = {
      ...pod.metadata,
      namespace: ns,
      uid: '0b8f3c1e-5a4d-4f6e-9c2b-7a1d3e5f7a90',
      creationTimestamp: new Date('2026-03-01T08:00:00Z'),
      annotations: { ...pod.metadata?.annotations, ...PROFILE_EFFECTS[key] },
    };
    pods.push(admit(pod));
  }
  return pods;
}

function ctx() {
  const refs = emptyRefs();
  refs.configMaps.set(
    'kube-root-ca.crt',
    configMap('kube-root-ca.crt', {
      'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    }),
  );
  refs.serviceAccountTokens = new Map([['3607/', 'eyJhbGciOiJSUzI1NiJ9.test.signature']]);
  return makeCtx({
    nodeName: NODE,
    refs,
    clusterDns: { nameservers: ['10.96.0.10'], clusterDomain: 'cluster.local' },
    serviceEnvironment: {
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443',
    },
  });
}

const files = fs.existsSync(SCENARIOS)
  ? fs
      .readdirSync(SCENARIOS)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
  : [];
const cases = files.flatMap((file) =>
  podsOf(file).map((pod) => ({
    file,
    pod,
    id: `${file.replace(/\.yaml$/, '')}--${pod.metadata?.namespace}--${pod.metadata?.name}`,
  })),
);
const results = new Map<string, Translation>(cases.map((c) => [c.id, translatePod(c.pod, ctx())]));

test('the scenarios are beside the repository', () => {
  expect(files.length).toBeGreaterThanOrEqual(7);
  expect(cases.length).toBeGreaterThanOrEqual(9);
});

describe.each(cases)('$id', ({ id }) => {
  test('matches its golden request', async () => {
    const t = results.get(id)!;
    // Formatted as the repository's prettier would, so `prettier --check .` accepts the golden files.
    const options = (await prettier.resolveConfig(path.join(GOLDEN, 'x.json'))) ?? {};
    const json = JSON.stringify({ request: t.request, candidates: t.candidates, warnings: t.warnings });
    const actual = await prettier.format(json, { ...options, parser: 'json' });
    const file = path.join(GOLDEN, `${id}.json`);
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
    if (!fs.existsSync(file))
      throw new Error(`missing golden file ${file}: run with UPDATE_GOLDEN=1 and review it`);
    expect(actual).toBe(fs.readFileSync(file, 'utf8'));
  });
});

const find = (prefix: string) => [...results].filter(([id]) => id.startsWith(prefix)).map(([, t]) => t);

test('scenario 01: 2 vCPU / 4 GiB with TARGET=Knative', () => {
  const [t] = find('01-');
  expect([t.request.Cpu, t.request.Memory, specLabel(t.candidates[0])]).toEqual([2, 4, '2.0-4.0Gi']);
  expect(t.request.Container[0].EnvironmentVar).toContainEqual({ Key: 'TARGET', Value: 'Knative' });
  expect(t.request.ContainerGroupName).toBe('vk-helloworld-go-7d9f8b6c5d-x2x9q');
});

test('scenario 04: no resources → the default 2 vCPU / 4 GiB', () => {
  const [t] = find('04-');
  expect([t.request.Cpu, t.request.Memory]).toEqual([2, 4]);
});

test('scenario 06: profile effects pick the GPU and AMD instance types', () => {
  const types = find('06-').map((t) => t.request.InstanceType);
  expect(types).toEqual(expect.arrayContaining(['ecs.gn6v-c8g1.2xlarge', 'ecs.c6a.xlarge']));
});

test('scenario 07: the gateway limits give 2 vCPU / 2 GiB and its ports', () => {
  const [t] = find('07-');
  expect([t.request.Cpu, t.request.Memory]).toEqual([2, 2]);
  expect(t.request.Container[0].Port).toEqual([
    { Port: 80, Protocol: 'TCP' },
    { Port: 443, Protocol: 'TCP' },
  ]);
});

test('every scenario pod translates without warnings', () => {
  for (const [id, t] of results) expect([id, t.warnings]).toEqual([id, []]);
});
