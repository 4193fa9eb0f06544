import type * as k8s from '@kubernetes/client-node';
import { registerWebhook, webhookConfiguration } from '../../../src/webhook/register.js';
import { FakeApiServer } from '../../support/fake-apiserver.js';

const CONFIGS = '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations';
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const SERVICE = { service: { namespace: 'kube-system', name: 'ack-virtual-node-webhook', port: 443 } };

describe('webhookConfiguration', () => {
  it('is vk-webhook: pods CREATE, v1 reviews, Ignore on failure, short timeout, no side effects, kube-system excluded', () => {
    const config = webhookConfiguration(CA, SERVICE);
    expect(config.metadata?.name).toBe('vk-webhook');
    expect(config.webhooks).toHaveLength(1);
    const [hook] = config.webhooks ?? [];
    expect(hook).toMatchObject({
      admissionReviewVersions: ['v1'],
      failurePolicy: 'Ignore',
      sideEffects: 'None',
      timeoutSeconds: 3,
      reinvocationPolicy: 'IfNeeded',
      rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
      namespaceSelector: {
        matchExpressions: [
          { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] },
        ],
      },
    });
    expect(hook.name.split('.').length).toBeGreaterThanOrEqual(3);
    expect(Buffer.from(hook.clientConfig.caBundle ?? '', 'base64').toString()).toBe(CA);
  });

  it('points at the Service, or at the URL in local development', () => {
    expect(webhookConfiguration(CA, SERVICE).webhooks?.[0].clientConfig).toMatchObject({
      service: { namespace: 'kube-system', name: 'ack-virtual-node-webhook', port: 443, path: '/mutate' },
    });
    const local = webhookConfiguration(CA, { url: 'https://127.0.0.1:9443/mutate' }).webhooks?.[0]
      .clientConfig;
    expect(local?.url).toBe('https://127.0.0.1:9443/mutate');
    expect(local?.service).toBeUndefined();
  });
});

describe('registerWebhook against an API server', () => {
  let fake: FakeApiServer;
  let kc: k8s.KubeConfig;

  beforeEach(async () => {
    fake = new FakeApiServer();
    await fake.start();
    kc = fake.kubeConfig();
  });

  afterEach(async () => {
    await fake.stop();
  });

  const stored = (): k8s.V1MutatingWebhookConfiguration =>
    fake.objects(CONFIGS).get('vk-webhook') as k8s.V1MutatingWebhookConfiguration;

  it('creates vk-webhook when absent, then patches it (merge patch) to the new target and CA', async () => {
    expect(await registerWebhook(kc, CA, SERVICE)).toBe('created');
    expect(stored().webhooks?.[0].clientConfig.service?.name).toBe('ack-virtual-node-webhook');

    const newCa = CA.replace('MIIB', 'MIIC');
    expect(await registerWebhook(kc, newCa, { url: 'https://127.0.0.1:9443/mutate' })).toBe('updated');
    const patch = fake.requests.find((r) => r.method === 'PATCH');
    expect(patch?.contentType).toBe('application/merge-patch+json');
    const [hook] = stored().webhooks ?? [];
    expect(hook.clientConfig).toEqual({
      caBundle: Buffer.from(newCa).toString('base64'),
      url: 'https://127.0.0.1:9443/mutate',
    });
    expect(stored().webhooks).toHaveLength(1);
  });

  it('patches when another replica created it first (409 on create)', async () => {
    fake.failures.push({ method: 'GET', pathPrefix: `${CONFIGS}/vk-webhook`, status: 404, times: 1 });
    fake.put(CONFIGS, webhookConfiguration(CA, SERVICE) as never);
    expect(await registerWebhook(kc, CA, SERVICE)).toBe('updated');
  });

  it('fails with the API status when forbidden', async () => {
    fake.failures.push({ method: 'GET', pathPrefix: CONFIGS, status: 403, times: 1 });
    await expect(registerWebhook(kc, CA, SERVICE)).rejects.toMatchObject({ code: 403 });
  });
});
