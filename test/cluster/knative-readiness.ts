/** How to tell that each Knative Serving process is up (used by readiness.ts for knative-* components). */
import * as k8s from '@kubernetes/client-node';
import { createConnection } from 'node:net';
import type { Readiness } from './readiness.js';
import type { ClusterInfo, KnativeComponent } from './state.js';
import type { ProbeResult } from './wait.js';

/** Fixed in Knative's code: the activator's HTTP/1 and h2c ports and the autoscaler's stats port. */
export const ACTIVATOR_HTTP = 8012;
export const ACTIVATOR_H2C = 8013;
const AUTOSCALER_STATS = 8080;

function tcpOpen(port: number) {
  return (): Promise<ProbeResult> =>
    new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', (err) => resolve(`127.0.0.1:${port}: ${err.message}`));
    });
}

/** The webhook is ready once it serves and has written its CA into the webhook configuration. */
function webhookRegistered(kubeconfig: string, port: number) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const admission = kc.makeApiClient(k8s.AdmissionregistrationV1Api);
  const open = tcpOpen(port);
  return async (): Promise<ProbeResult> => {
    const serving = await open();
    if (serving !== true) return serving;
    const config = await admission.readMutatingWebhookConfiguration({ name: 'webhook.serving.knative.dev' });
    return config.webhooks?.[0]?.clientConfig.caBundle
      ? true
      : 'webhook.serving.knative.dev has no caBundle yet';
  };
}

export function knativeReadiness(info: ClusterInfo, name: KnativeComponent): Readiness {
  const env = info.components[name]?.env ?? {};
  const profiling = Number(env.PROFILING_PORT);
  switch (name) {
    case 'knative-webhook': {
      const port = Number(env.WEBHOOK_PORT);
      return {
        what: `Knative webhook on 127.0.0.1:${port} with its CA registered`,
        timeoutMs: 60_000,
        port,
        probe: webhookRegistered(info.kubeconfig, port),
      };
    }
    case 'knative-activator':
      return {
        what: `Knative activator on :${ACTIVATOR_HTTP}`,
        timeoutMs: 60_000,
        port: ACTIVATOR_HTTP,
        probe: tcpOpen(ACTIVATOR_HTTP),
      };
    case 'knative-autoscaler':
      return {
        what: `Knative autoscaler on :${AUTOSCALER_STATS}`,
        timeoutMs: 60_000,
        port: AUTOSCALER_STATS,
        probe: tcpOpen(AUTOSCALER_STATS),
      };
    case 'knative-controller':
      return {
        what: `Knative controller serving its profiling port ${profiling}`,
        timeoutMs: 60_000,
        port: profiling,
        probe: tcpOpen(profiling),
      };
  }
}
