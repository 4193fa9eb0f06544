import { createCA, issueCert } from '../../../src/pki/index.js';
import type { EciProfile } from '../../../src/profile/types.js';
import { createAdmissionMetrics } from '../../../src/webhook/metrics.js';
import { createWebhookApp, startWebhookServer, type WebhookServer } from '../../../src/webhook/server.js';
import type { JsonPatchOp, PodLike } from '../../../src/webhook/types.js';
import { httpsRequest } from './https-client.js';
import { applyPatch } from './json-patch.js';

const NAMESPACE_LABELS: Record<string, Record<string, string>> = {
  default: { 'kubernetes.io/metadata.name': 'default' },
  'vk-ns': { 'alibabacloud.com/eci': 'true' },
  'gpu-team': { gpu: 'true' },
};

let server: WebhookServer;
let ca: string;
let profile: EciProfile = { selectors: [] };
const lookups: string[] = [];
const metrics = createAdmissionMetrics();

beforeAll(async () => {
  const authority = await createCA('test-ca');
  const leaf = await issueCert(authority, {
    commonName: 'webhook',
    ipAddresses: ['127.0.0.1'],
    usage: 'server',
  });
  ca = authority.certPem;
  const app = createWebhookApp({
    profile: () => profile,
    namespaceLabels: async (ns) => {
      lookups.push(ns);
      if (ns === 'broken') throw new Error('connect ECONNREFUSED 10.0.0.1:443');
      return NAMESPACE_LABELS[ns] ?? {};
    },
    metrics,
  });
  server = await startWebhookServer(app, {
    host: '127.0.0.1',
    port: 0,
    certPem: leaf.certPem,
    keyPem: leaf.keyPem,
  });
});

afterAll(async () => {
  await server.close();
});

function review(
  pod: PodLike,
  options: { namespace?: string; operation?: string; subResource?: string; uid?: string } = {},
): string {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: options.uid ?? '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      requestKind: { group: '', version: 'v1', kind: 'Pod' },
      requestResource: { group: '', version: 'v1', resource: 'pods' },
      ...(options.subResource ? { subResource: options.subResource } : {}),
      namespace: options.namespace ?? pod.metadata?.namespace,
      operation: options.operation ?? 'CREATE',
      userInfo: {
        username: 'system:serviceaccount:kube-system:replicaset-controller',
        groups: ['system:serviceaccounts'],
      },
      object: { apiVersion: 'v1', kind: 'Pod', ...pod },
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  });
}

interface Answer {
  apiVersion: string;
  kind: string;
  response: { uid: string; allowed: boolean; patchType?: string; patch?: string };
}

async function mutate(body: string): Promise<{ status: number; answer: Answer; patch: JsonPatchOp[] }> {
  const res = await httpsRequest(server.port, ca, 'POST', '/mutate', body);
  const answer = JSON.parse(res.text) as Answer;
  const patch = answer.response?.patch
    ? (JSON.parse(Buffer.from(answer.response.patch, 'base64').toString()) as JsonPatchOp[])
    : [];
  return { status: res.status, answer, patch };
}

const nginx = (namespace: string, labels?: Record<string, string>): PodLike => ({
  metadata: { generateName: 'nginx-7fc9f746b6-', namespace, ...(labels ? { labels } : {}) },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }] } as PodLike['spec'],
});

describe('POST /mutate', () => {
  it('answers a matching pod with a base64 JSONPatch that sends it to the virtual node', async () => {
    const pod = nginx('default', { 'alibabacloud.com/eci': 'true' });
    const { status, answer, patch } = await mutate(review(pod, { uid: 'abc-1' }));
    expect(status).toBe(200);
    expect(answer).toMatchObject({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'abc-1', allowed: true, patchType: 'JSONPatch' },
    });
    const result = applyPatch(pod, patch);
    expect(result.spec?.tolerations).toEqual([
      { key: 'virtual-kubelet.io/provider', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(
      result.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
    ).toEqual([{ matchExpressions: [{ key: 'type', operator: 'In', values: ['virtual-kubelet'] }] }]);
  });

  it('uses the request namespace when the pod object has none (namespace label match)', async () => {
    const pod = nginx('vk-ns');
    delete pod.metadata?.namespace;
    const { answer, patch } = await mutate(review(pod, { namespace: 'vk-ns' }));
    expect(answer.response.allowed).toBe(true);
    expect(patch.map((op) => op.path)).toEqual(['/spec/tolerations', '/spec/affinity']);
  });

  it('allows a pod nothing matches, with no patch at all', async () => {
    const { answer } = await mutate(review(nginx('default', { app: 'web' }), { uid: 'abc-2' }));
    expect(answer.response).toEqual({ uid: 'abc-2', allowed: true });
  });

  it('reads the profile on every request, so a ConfigMap change applies to the next pod', async () => {
    const pod = nginx('gpu-team');
    expect((await mutate(review(pod))).patch).toEqual([]);
    profile = {
      selectors: [
        {
          name: 'gpu',
          namespaceSelector: { matchLabels: { gpu: 'true' } },
          effect: { annotations: { 'k8s.aliyun.com/eci-use-specs': 'ecs.gn6v-c8g1.2xlarge' }, labels: {} },
        },
      ],
    };
    const { patch } = await mutate(review(pod));
    expect(applyPatch(pod, patch).metadata?.annotations).toEqual({
      'k8s.aliyun.com/eci-use-specs': 'ecs.gn6v-c8g1.2xlarge',
    });
    profile = { selectors: [] };
  });

  it('admits the pod unchanged when the namespace lookup fails (never blocks pod creation)', async () => {
    const { status, answer } = await mutate(
      review(nginx('broken', { 'alibabacloud.com/eci': 'true' }), { uid: 'abc-3' }),
    );
    expect(status).toBe(200);
    expect(answer.response).toEqual({ uid: 'abc-3', allowed: true });
  });

  it.each([
    ['an UPDATE', { operation: 'UPDATE' }],
    ['a pods/status subresource', { subResource: 'status' }],
  ])('does not mutate %s', async (_case, options) => {
    const { answer } = await mutate(
      review(nginx('default', { 'alibabacloud.com/eci': 'true' }), { ...options, uid: 'u' }),
    );
    expect(answer.response).toEqual({ uid: 'u', allowed: true });
  });

  it('does not even look up namespaces for kube-system pods', async () => {
    lookups.length = 0;
    const { answer } = await mutate(
      review(nginx('kube-system', { 'alibabacloud.com/eci': 'true' }), { uid: 'k' }),
    );
    expect(answer.response).toEqual({ uid: 'k', allowed: true });
    expect(lookups).toEqual([]);
  });

  it('answers 400 to a body that is not an AdmissionReview v1', async () => {
    const res = await httpsRequest(
      server.port,
      ca,
      'POST',
      '/mutate',
      JSON.stringify({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview' }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/admissionReviewVersions \[v1\]/);
    expect((await httpsRequest(server.port, ca, 'POST', '/mutate', '{not json')).status).toBe(400);
  });

  it('refuses bodies over the size limit', async () => {
    const huge = review({
      ...nginx('default'),
      metadata: { annotations: { big: 'x'.repeat(5 * 1024 * 1024) } },
    });
    expect((await httpsRequest(server.port, ca, 'POST', '/mutate', huge)).status).toBe(413);
  });
});

describe('GET /healthz and /metrics', () => {
  it('reports healthy', async () => {
    const res = await httpsRequest(server.port, ca, 'GET', '/healthz');
    expect(res).toMatchObject({ status: 200, text: 'ok' });
  });

  it('counts admissions by outcome and times them', async () => {
    const before = await metrics.registry.getSingleMetricAsString('eci_profile_admission_total');
    await mutate(review(nginx('default', { 'alibabacloud.com/eci': 'true' })));
    const res = await httpsRequest(server.port, ca, 'GET', '/metrics');
    expect(res.status).toBe(200);
    const count = (text: string, matched: string): number =>
      Number(new RegExp(`eci_profile_admission_total\\{matched="${matched}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    expect(count(res.text, 'true')).toBe(count(before, 'true') + 1);
    expect(count(res.text, 'error')).toBeGreaterThanOrEqual(1);
    expect(res.text).toMatch(/eci_profile_admission_duration_seconds_count \d+/);
  });
});
