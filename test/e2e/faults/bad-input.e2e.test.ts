/**
 * Hostile input against the real control plane: pods ECI cannot run get a Warning Event naming the
 * field and a ProviderFailed status while good pods created with them run; a broken eci-profile
 * gets an InvalidEciProfile Event and the last good selectors keep working; a bad setting stops the
 * controller at start-up with a message naming it.
 */
import * as k8s from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import {
  cliPath,
  core,
  createNamespace,
  deleteNamespace,
  env,
  events,
  nodeName,
  virtualNodePod,
  waitFor,
  waitForPhase,
} from '../lib/cluster.js';
import { converge, expectClean } from './convergence.js';

const ns = 'e2e-faults-badinput';
const profileNs = 'e2e-faults-profile';
const PROFILE = { name: 'eci-profile', namespace: 'kube-system' };

const hostile: { name: string; pod: k8s.V1Pod; field: string }[] = [
  {
    name: 'host-network',
    pod: virtualNodePod('host-network', ns, { hostNetwork: true }),
    field: 'spec.hostNetwork',
  },
  {
    name: 'privileged',
    pod: virtualNodePod('privileged', ns, {
      containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true } }],
    }),
    field: 'spec.containers[0].securityContext.privileged',
  },
  {
    name: 'host-path',
    pod: virtualNodePod('host-path', ns, {
      volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }],
    }),
    field: 'spec.volumes[0].hostPath',
  },
  {
    name: 'kubelet-port',
    pod: virtualNodePod('kubelet-port', ns, {
      containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 10250 }] }],
    }),
    field: 'spec.containers[0].ports[0].containerPort',
  },
  {
    name: 'bad-specs',
    pod: {
      ...virtualNodePod('bad-specs', ns),
      metadata: {
        name: 'bad-specs',
        namespace: ns,
        annotations: { 'k8s.aliyun.com/eci-use-specs': 'banana' },
      },
    },
    field: 'metadata.annotations[k8s.aliyun.com/eci-use-specs]',
  },
  {
    name: 'bad-hosts',
    pod: {
      ...virtualNodePod('bad-hosts', ns),
      metadata: {
        name: 'bad-hosts',
        namespace: ns,
        annotations: { 'k8s.aliyun.com/eci-custom-hosts': '[{"host": "db", "ip": 10}' },
      },
    },
    field: 'metadata.annotations[k8s.aliyun.com/eci-custom-hosts]',
  },
];

let savedProfile: k8s.V1ConfigMap | undefined;

beforeAll(async () => {
  await createNamespace(ns);
  await createNamespace(profileNs, { 'e2e-faults-profile': 'on' });
  savedProfile = await core.readNamespacedConfigMap(PROFILE).catch(() => undefined);
});

afterAll(async () => {
  await core.deleteNamespacedConfigMap(PROFILE).catch(() => undefined);
  if (savedProfile !== undefined) {
    const { name, namespace, labels, annotations } = savedProfile.metadata ?? {};
    await core.createNamespacedConfigMap({
      namespace: PROFILE.namespace,
      body: { metadata: { name, namespace, labels, annotations }, data: savedProfile.data },
    });
  }
  await deleteNamespace(ns);
  await deleteNamespace(profileNs);
});

describe('hostile pods next to good ones', () => {
  it('each hostile pod gets its Warning Event and ProviderFailed status; every good pod runs', async () => {
    const good = ['good-0', 'good-1', 'good-2'];
    for (const [i, h] of hostile.entries()) {
      await core.createNamespacedPod({ namespace: ns, body: h.pod });
      await core.createNamespacedPod({
        namespace: ns,
        body: virtualNodePod(good[i % good.length] + `-${i}`, ns),
      });
    }
    const goodNames = hostile.map((_, i) => `${good[i % good.length]}-${i}`);
    for (const h of hostile) {
      const warning = await waitFor(`ProviderFailed event for ${h.name}`, async () =>
        (await events(ns, h.name)).find((e) => e.reason === 'ProviderFailed'),
      );
      expect({ pod: h.name, type: warning.type, names: warning.message?.startsWith(`${h.field}:`) }).toEqual({
        pod: h.name,
        type: 'Warning',
        names: true,
      });
      const pod = await waitFor(`ProviderFailed status of ${h.name}`, async () => {
        const p = await core.readNamespacedPod({ name: h.name, namespace: ns });
        return p.status?.reason === 'ProviderFailed' ? p : undefined;
      });
      expect(pod.status?.message).toBe(warning.message);
      expect(pod.status?.phase).toBe('Pending');
    }
    const report = await converge(
      'bad-input-good-pods',
      { namespaces: [ns], running: new Set(goodNames.map((n) => `${ns}/${n}`)) },
      Date.now(),
      120_000,
    );
    expectClean(report);
    // No container group was made for any hostile pod.
    expect(report.pods).toBe(hostile.length + goodNames.length);
  }, 240_000);
});

describe('a broken eci-profile', () => {
  const selectors = (label: string): string =>
    JSON.stringify([
      { name: 'faults-e2e', namespaceSelector: { matchLabels: { 'e2e-faults-profile': label } } },
    ]);

  async function putProfile(data: Record<string, string>): Promise<void> {
    try {
      const current = await core.readNamespacedConfigMap(PROFILE);
      await core.replaceNamespacedConfigMap({ ...PROFILE, body: { ...current, data } });
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
      await core.createNamespacedConfigMap({
        namespace: PROFILE.namespace,
        body: { metadata: PROFILE, data },
      });
    }
  }

  /** A plain pod (no toleration, no selector) that only the eci-profile can send to the virtual node. */
  async function plainPodRuns(name: string): Promise<void> {
    // The webhook sees the new profile through its watch: retry until it mutates the pod.
    await waitFor(
      `pod ${name} sent to the virtual node by the eci-profile`,
      async () => {
        const pod = await core.createNamespacedPod({
          namespace: profileNs,
          body: { metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
        });
        if (pod.spec?.tolerations?.some((t) => t.key === 'virtual-kubelet.io/provider')) return true;
        await core.deleteNamespacedPod({ name, namespace: profileNs, gracePeriodSeconds: 0 });
        await waitFor(`pod ${name} gone`, async () =>
          (await core.readNamespacedPod({ name, namespace: profileNs }).catch(() => undefined))
            ? undefined
            : true,
        );
        return undefined;
      },
      60_000,
    );
    const running = await waitForPhase(profileNs, name, 'Running', 120_000);
    expect(running.spec?.nodeName).toBe(nodeName);
  }

  it('gets an InvalidEciProfile Warning Event, and the previous selectors keep working', async () => {
    await putProfile({ selectors: selectors('on') });
    await plainPodRuns('before-break');

    await putProfile({ selectors: '[{"name": "faults-e2e", "namespaceSelector": {' });
    const cm = await core.readNamespacedConfigMap(PROFILE);
    const event = await waitFor('InvalidEciProfile event', async () => {
      const list = await core.listNamespacedEvent({
        namespace: PROFILE.namespace,
        fieldSelector: `involvedObject.name=${PROFILE.name},reason=InvalidEciProfile`,
      });
      return list.items.find((e) => e.involvedObject.resourceVersion === cm.metadata?.resourceVersion);
    });
    expect(event.type).toBe('Warning');
    expect(event.involvedObject.kind).toBe('ConfigMap');
    expect(event.message).toContain('eci-profile selectors is not valid JSON');
    expect(event.message).toContain('the last good configuration stays in effect');

    await plainPodRuns('after-break');
  }, 300_000);
});

describe('a bad controller setting', () => {
  const run = (settings: Record<string, string>): Promise<{ code: number | null; stderr: string }> =>
    new Promise((resolve) => {
      const childEnv: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: env.KUBECONFIG, ...settings };
      delete childEnv.NODE_OPTIONS;
      const child = spawn(process.execPath, [cliPath, 'controller'], { env: childEnv });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => resolve({ code, stderr }));
    });

  it.each([
    ['ECI_VSWITCH', 'subnet-1', '"subnet-1" is not an ID starting with vsw-'],
    ['METRICS_PORT', 'http', 'use a whole number from 0 to 65535'],
    ['ECI_KUBE_PROXY', 'maybe', 'use true or false'],
  ])(
    '%s=%s: exits non-zero naming the setting',
    async (setting, value, fix) => {
      const { code, stderr } = await run({ [setting]: value });
      expect(code).not.toBe(0);
      expect(stderr).toContain(`${setting}=${JSON.stringify(value)} is invalid: `);
      expect(stderr).toContain(fix);
    },
    60_000,
  );
});
