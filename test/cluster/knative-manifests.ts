/** Pure: Knative Serving's config/core (and the networking/caching CRDs) made fit for local processes. */
import type { KubernetesObject } from '@kubernetes/client-node';
import { loadAllYaml } from '@kubernetes/client-node';
import { KNATIVE_VERSION } from './knative-build.js';

export const KNATIVE_NAMESPACE = 'knative-serving';

/**
 * The guides' images are on these registries, which cannot be reached from the local cluster (nor
 * do they need to be: the simulator pulls nothing). Knative resolves tags to digests unless the
 * registry is listed here; kind.local, ko.local and dev.local are Knative's own defaults.
 */
export const SKIP_TAG_RESOLUTION = [
  'kind.local',
  'ko.local',
  'dev.local',
  'registry.cn-hangzhou.aliyuncs.com',
  'registry-vpc.cn-hangzhou.aliyuncs.com',
];

/** A `ko://` reference becomes the name Knative's release publishes the image under. */
export function releaseImage(koRef: string): string {
  return `${koRef.replace(/^ko:\/\//, 'gcr.io/knative-releases/')}:${KNATIVE_VERSION}`;
}

/** ConfigMap data set over the examples, as ACK's Knative ships them, plus what a local cluster needs. */
export const CONFIG_OVERRIDES: Record<string, Record<string, string>> = {
  // ACK's Knative lets a revision's pod carry affinity and tolerations: the guides rely on both.
  'config-features': {
    'kubernetes.podspec-affinity': 'enabled',
    'kubernetes.podspec-tolerations': 'enabled',
  },
  'config-deployment': { 'registries-skipping-tag-resolving': SKIP_TAG_RESOLUTION.join(',') },
  // The guides expect the pod to stay Running; with no traffic it would otherwise be scaled away.
  'config-autoscaler': { 'enable-scale-to-zero': 'false' },
};

export interface LocalKnative {
  /** The port the webhook process serves on (127.0.0.1): the webhook configurations call it there. */
  webhookPort: number;
}

/** The webhook Service's port name, which its Endpoints repeat. */
export const WEBHOOK_PORT_NAME = 'https-webhook';

/** Deployments and their autoscaling run as local processes; the Certificate needs cert-manager. */
const SKIPPED_KINDS = new Set([
  'Deployment',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Certificate',
]);

type Obj = KubernetesObject & Record<string, unknown>;

function configMap(obj: Obj): Obj {
  const extra = CONFIG_OVERRIDES[obj.metadata?.name ?? ''];
  return extra ? { ...obj, data: { ...(obj.data as Record<string, string> | undefined), ...extra } } : obj;
}

interface Spec {
  selector?: unknown;
  [key: string]: unknown;
}

function service(obj: Obj, local: LocalKnative): Obj {
  const spec = obj.spec as Spec;
  switch (obj.metadata?.name) {
    // Selector-less, one port: the webhook configurations name that port, and its Endpoints name
    // the webhook process (knative.ts). The apiserver routes to Endpoints (--enable-aggregator-routing,
    // which metrics-server needs), and that resolver takes no ExternalName Service.
    case 'webhook':
      return {
        ...obj,
        spec: {
          ports: [{ name: WEBHOOK_PORT_NAME, port: local.webhookPort, targetPort: local.webhookPort }],
        },
      };
    // Selector-less: its Endpoints name the activator process's real address (see knative.ts).
    case 'activator-service': {
      const { selector: _selector, ...rest } = spec;
      return { ...obj, spec: rest };
    }
    default:
      return obj;
  }
}

function webhookConfiguration(obj: Obj, local: LocalKnative): Obj {
  const hooks = (obj.webhooks as { clientConfig: { service?: Record<string, unknown> } }[]).map((h) => ({
    ...h,
    clientConfig: { ...h.clientConfig, service: { ...h.clientConfig.service, port: local.webhookPort } },
  }));
  return { ...obj, webhooks: hooks };
}

/** The objects of one YAML file, with ko:// images named and the local changes above applied. */
export function localObjects(yamlText: string, local: LocalKnative): KubernetesObject[] {
  const text = yamlText.replace(/ko:\/\/[\w./-]+/g, (ref) => releaseImage(ref));
  const out: KubernetesObject[] = [];
  for (const doc of loadAllYaml(text) as (Obj | null)[]) {
    if (!doc?.kind || SKIPPED_KINDS.has(doc.kind)) continue;
    if (doc.kind === 'ConfigMap') out.push(configMap(doc));
    else if (doc.kind === 'Service') out.push(service(doc, local));
    else if (doc.kind.endsWith('WebhookConfiguration')) out.push(webhookConfiguration(doc, local));
    else out.push(doc);
  }
  return out;
}

export function isWebhookConfiguration(o: KubernetesObject): boolean {
  return o.kind?.endsWith('WebhookConfiguration') ?? false;
}

/**
 * CRDs first, then the namespace, then everything else, and the webhook configurations last: they
 * fail closed, so nothing they cover can be written while the webhook is not serving yet.
 */
export function applyOrder(objects: KubernetesObject[]): KubernetesObject[] {
  const rank = (o: KubernetesObject): number =>
    o.kind === 'CustomResourceDefinition'
      ? 0
      : o.kind === 'Namespace'
        ? 1
        : isWebhookConfiguration(o)
          ? 3
          : 2;
  return [...objects].sort((a, b) => rank(a) - rank(b));
}
