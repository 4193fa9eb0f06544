import client from 'prom-client';
import { backoffDelay, sleep } from '../kube/backoff.js';
import { statusCode } from '../kube/errors.js';
import { loadKubeConfig, restClient } from '../kube/client-node.js';
import { errorMessage, logger } from '../log.js';
import { EciProfileWatcher } from '../profile/watch.js';
import { loadOrCreateWebhookCerts, webhookSans } from './certs.js';
import type { WebhookFlags } from './flags.js';
import { createAdmissionMetrics } from './metrics.js';
import { NamespaceLabelCache } from './namespaces.js';
import { registerWebhook, WEBHOOK_CONFIGURATION_NAME, type WebhookTarget } from './register.js';
import { createWebhookApp, startWebhookServer } from './server.js';

const SYNC_WAIT_MS = 10_000;

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(100);
  return done();
}

/** Register until it works (the API server may not be up yet, RBAC may be fixed later) or we stop. */
async function keepRegistering(
  register: () => Promise<'created' | 'updated'>,
  target: WebhookTarget,
  signal: AbortSignal,
): Promise<void> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      const outcome = await register();
      logger.info(`MutatingWebhookConfiguration ${WEBHOOK_CONFIGURATION_NAME} ${outcome}`, { target });
      return;
    } catch (err) {
      const forbidden = statusCode(err) === 403;
      logger.error(
        `could not register MutatingWebhookConfiguration ${WEBHOOK_CONFIGURATION_NAME}, retrying`,
        {
          attempt,
          err: errorMessage(err),
          fix: forbidden
            ? 'grant the service account get, create and patch on admissionregistration.k8s.io mutatingwebhookconfigurations'
            : undefined,
        },
      );
      await sleep(backoffDelay(attempt, 1_000, 30_000), signal);
    }
  }
}

function target(flags: WebhookFlags): WebhookTarget {
  return flags.url !== undefined ? { url: flags.url } : { service: flags.service };
}

export interface RunningWebhook {
  port: number;
  /** Stop serving, watching and registering. */
  stop(): Promise<void>;
}

/** Start everything the webhook needs; resolves once it serves HTTPS. */
export async function startWebhook(flags: WebhookFlags): Promise<RunningWebhook> {
  const kc = loadKubeConfig(flags.kubeconfig);
  const certs = await loadOrCreateWebhookCerts(flags.certDir, webhookSans(flags.service, flags.url));

  const api = restClient(kc);
  const profile = new EciProfileWatcher(api, { component: 'ack-virtual-node-webhook' });
  const namespaces = new NamespaceLabelCache(api);
  profile.start();
  namespaces.start();
  // Serve only once the selectors are known, so the first pods are not admitted without them.
  if (!(await waitUntil(() => profile.hasSynced, SYNC_WAIT_MS))) {
    logger.warn('eci-profile ConfigMap not listed yet; serving with the built-in selectors until it is');
  }

  const metrics = createAdmissionMetrics();
  client.collectDefaultMetrics({ register: metrics.registry });
  const app = createWebhookApp({
    profile: () => profile.current(),
    namespaceLabels: namespaces.labels,
    metrics,
  });
  const server = await startWebhookServer(app, {
    ...flags.listen,
    certPem: certs.certPem,
    keyPem: certs.keyPem,
  });
  logger.info('eci-profile webhook listening', {
    host: server.host,
    port: server.port,
    target: target(flags),
  });

  const abort = new AbortController();
  const registering = keepRegistering(
    () => registerWebhook(kc, certs.caPem, target(flags)),
    target(flags),
    abort.signal,
  );
  return {
    port: server.port,
    stop: async () => {
      abort.abort();
      // A registration call hanging on an unreachable API server must not hold the shutdown.
      let timer: NodeJS.Timeout | undefined;
      const bounded = Promise.race([registering, new Promise<void>((r) => (timer = setTimeout(r, 2_000)))]);
      await Promise.all([server.close(), profile.stop(), namespaces.stop(), bounded]);
      clearTimeout(timer);
    },
  };
}
