import * as k8s from '@kubernetes/client-node';
import { isConflict, isNotFound } from '../kube/errors.js';
import { MERGE_PATCH } from '../kube/client-node.js';

/** The name ACK gives the MutatingWebhookConfiguration. */
export const WEBHOOK_CONFIGURATION_NAME = 'vk-webhook';
export const WEBHOOK_NAME = 'eci-profile.k8s.aliyun.com';
export const MUTATE_PATH = '/mutate';

/** Where the API server calls the webhook: a URL (local development) or the in-cluster Service. */
export type WebhookTarget = { url: string } | { service: { namespace: string; name: string; port: number } };

/** The configuration, whole: it is owned by this component and replaced on every start. */
export function webhookConfiguration(
  caBundlePem: string,
  target: WebhookTarget,
): k8s.V1MutatingWebhookConfiguration {
  const caBundle = Buffer.from(caBundlePem).toString('base64');
  const clientConfig: k8s.AdmissionregistrationV1WebhookClientConfig =
    'url' in target
      ? { caBundle, url: target.url }
      : { caBundle, service: { ...target.service, path: MUTATE_PATH } };
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: {
      name: WEBHOOK_CONFIGURATION_NAME,
      labels: { 'app.kubernetes.io/managed-by': 'ack-virtual-node' },
    },
    webhooks: [
      {
        name: WEBHOOK_NAME,
        admissionReviewVersions: ['v1'],
        clientConfig,
        rules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['CREATE'],
            resources: ['pods'],
            scope: 'Namespaced',
          },
        ],
        // Pod creation must never wait on, or fail because of, this webhook.
        failurePolicy: 'Ignore',
        sideEffects: 'None',
        timeoutSeconds: 3,
        matchPolicy: 'Equivalent',
        // Another webhook may rewrite affinity or tolerations after this one: look again then.
        reinvocationPolicy: 'IfNeeded',
        namespaceSelector: {
          matchExpressions: [
            { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] },
          ],
        },
      },
    ],
  };
}

/** Create `vk-webhook`, or patch it to exactly this configuration (RBAC: get, create, patch). */
export async function registerWebhook(
  kc: k8s.KubeConfig,
  caBundlePem: string,
  target: WebhookTarget,
): Promise<'created' | 'updated'> {
  const api = kc.makeApiClient(k8s.AdmissionregistrationV1Api);
  const body = webhookConfiguration(caBundlePem, target);
  const patch = async (): Promise<'updated'> => {
    // A merge patch replaces the `webhooks` list as a whole, which is what an owner wants.
    await api.patchMutatingWebhookConfiguration(
      {
        name: WEBHOOK_CONFIGURATION_NAME,
        body: { metadata: { labels: body.metadata?.labels }, webhooks: body.webhooks },
      },
      MERGE_PATCH,
    );
    return 'updated';
  };
  try {
    await api.readMutatingWebhookConfiguration({ name: WEBHOOK_CONFIGURATION_NAME });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await api.createMutatingWebhookConfiguration({ body });
      return 'created';
    } catch (createErr) {
      // Another replica created it in between: fall through to the patch.
      if (!isConflict(createErr)) throw createErr;
    }
  }
  return patch();
}
