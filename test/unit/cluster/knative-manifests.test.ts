import type { KubernetesObject } from '@kubernetes/client-node';
import { activatorEndpoints, webhookEndpoints } from '../../cluster/knative.js';
import { applyOrder, localObjects, releaseImage } from '../../cluster/knative-manifests.js';

type Loose = KubernetesObject & Record<string, unknown>;
const local = { webhookPort: 40123 };

function one(yaml: string): Loose {
  const [obj] = localObjects(yaml, local);
  return obj as Loose;
}

describe('Knative config/core made fit for local processes', () => {
  it('names ko:// images as the release publishes them', () => {
    expect(releaseImage('ko://knative.dev/serving/cmd/queue')).toBe(
      'gcr.io/knative-releases/knative.dev/serving/cmd/queue:v0.42.2',
    );
    const cm = one(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-deployment}\ndata:\n  queue-sidecar-image: ko://knative.dev/serving/cmd/queue\n',
    );
    expect((cm.data as Record<string, string>)['queue-sidecar-image']).toBe(
      'gcr.io/knative-releases/knative.dev/serving/cmd/queue:v0.42.2',
    );
    expect((cm.data as Record<string, string>)['registries-skipping-tag-resolving']).toContain(
      'registry.cn-hangzhou.aliyuncs.com',
    );
  });

  it("turns on ACK's podspec affinity and tolerations, and turns off scale-to-zero", () => {
    const features = one(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-features}\ndata: {_example: x}\n',
    );
    expect(features.data).toEqual({
      _example: 'x',
      'kubernetes.podspec-affinity': 'enabled',
      'kubernetes.podspec-tolerations': 'enabled',
    });
    const autoscaler = one('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-autoscaler}\n');
    expect(autoscaler.data).toEqual({ 'enable-scale-to-zero': 'false' });
  });

  it('drops Deployments, HPAs, PDBs and the cert-manager Certificate, which run or need what is not here', () => {
    const yaml = ['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Certificate', 'Secret']
      .map((kind) => `apiVersion: v1\nkind: ${kind}\nmetadata: {name: x}\n`)
      .join('---\n');
    expect(localObjects(yaml, local).map((o) => o.kind)).toEqual(['Secret']);
  });

  it('makes the webhook Service selector-less on the port the webhook configurations and its Endpoints name', () => {
    const svc = one(
      'apiVersion: v1\nkind: Service\nmetadata: {name: webhook, namespace: knative-serving}\nspec:\n  selector: {app: webhook}\n  ports: [{name: https-webhook, port: 443, targetPort: 8443}]\n',
    );
    expect(svc.spec).toEqual({ ports: [{ name: 'https-webhook', port: 40123, targetPort: 40123 }] });
    const ep = webhookEndpoints('198.18.0.1', 40123);
    expect(ep.subsets).toEqual([
      { addresses: [{ ip: '198.18.0.1' }], ports: [{ name: 'https-webhook', port: 40123, protocol: 'TCP' }] },
    ]);
    const hook = one(
      'apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: webhook.serving.knative.dev}\nwebhooks:\n- name: webhook.serving.knative.dev\n  clientConfig: {service: {name: webhook, namespace: knative-serving}}\n',
    );
    expect((hook.webhooks as { clientConfig: unknown }[])[0].clientConfig).toEqual({
      service: { name: 'webhook', namespace: 'knative-serving', port: 40123 },
    });
  });

  it('makes the activator Service selector-less; its Endpoints name the host address and real ports', () => {
    const svc = one(
      'apiVersion: v1\nkind: Service\nmetadata: {name: activator-service}\nspec:\n  selector: {app: activator}\n  ports: [{name: http, port: 80, targetPort: 8012}]\n',
    );
    expect(svc.spec).toEqual({ ports: [{ name: 'http', port: 80, targetPort: 8012 }] });
    const ep = activatorEndpoints('192.0.2.2');
    expect(ep.subsets?.[0].addresses).toEqual([{ ip: '192.0.2.2' }]);
    expect(ep.subsets?.[0].ports?.map((p) => p.port)).toEqual([8012, 8013]);
  });

  it('applies CRDs, then the namespace, then the rest, and the fail-closed webhook configurations last', () => {
    const objs = [
      { kind: 'ValidatingWebhookConfiguration' },
      { kind: 'ConfigMap' },
      { kind: 'Namespace' },
      { kind: 'CustomResourceDefinition' },
    ];
    expect(applyOrder(objs).map((o) => o.kind)).toEqual([
      'CustomResourceDefinition',
      'Namespace',
      'ConfigMap',
      'ValidatingWebhookConfiguration',
    ]);
  });
});
