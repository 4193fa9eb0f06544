// What only @kubernetes/client-node does for us: kubeconfigs with exec plugins or auth providers,
// and the generated API classes the webhook, `cleanup` and the dev tools use. Not in the barrel:
// the controller loads it only when its kubeconfig needs it (see access.ts).
import * as k8s from '@kubernetes/client-node';
import type https from 'node:https';
import type { ClusterAccess } from './access.js';
import {
  MERGE_PATCH_TYPE,
  NO_CLUSTER,
  proxyRefused,
  settingsKey,
  STRATEGIC_MERGE_PATCH_TYPE,
} from './errors.js';
import { KubeRest } from './rest.js';

/** KUBECONFIG when set, otherwise the in-cluster service account. */
export function loadKubeConfig(kubeconfig?: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  const path = kubeconfig ?? process.env.KUBECONFIG;
  reuseConnections(kc);
  if (path !== undefined && path !== '') kc.loadFromFile(path);
  else if (process.env.KUBERNETES_SERVICE_HOST !== undefined) kc.loadFromCluster();
  else throw new Error(NO_CLUSTER);
  return kc;
}

/** Options that make a generated `patch*` call send the given patch type instead of JSON Patch. */
function patchOptions(contentType: string): k8s.ConfigurationOptions {
  return k8s.setHeaderOptions('Content-Type', contentType);
}

export const MERGE_PATCH = patchOptions(MERGE_PATCH_TYPE);
export const STRATEGIC_MERGE_PATCH = patchOptions(STRATEGIC_MERGE_PATCH_TYPE);

type DispatcherFactory = (cluster: unknown, options: Record<string, unknown>) => unknown;

/**
 * client-node 2.0.1 builds a new undici Agent for every request, so every API call pays a TLS
 * handshake (profiled: ~70% of the controller's CPU at 1,000 pods). Keep one Agent per set of TLS
 * settings; auth headers are still applied per request, so rotating tokens keep working.
 */
export function reuseConnections(kc: k8s.KubeConfig): void {
  const target = kc as unknown as { createDispatcher: DispatcherFactory };
  const create = target.createDispatcher.bind(kc);
  const agents = new Map<string, unknown>();
  target.createDispatcher = (cluster, options) => {
    const key = settingsKey([JSON.stringify(cluster), ...Object.values(options)]);
    if (!agents.has(key)) agents.set(key, create(cluster, options));
    return agents.get(key);
  };
}

/** client-node resolves every kind of kubeconfig auth (certificates, tokens, exec plugins). */
export function clientNodeAccess(kc: k8s.KubeConfig): ClusterAccess {
  const cluster = kc.getCurrentCluster();
  if (cluster === null)
    throw new Error('the kubeconfig has no current cluster: set current-context or use --kubeconfig');
  if (cluster.proxyUrl) throw proxyRefused(`the kubeconfig's cluster ${cluster.name}`, cluster.proxyUrl);
  return {
    server: cluster.server,
    async credentials() {
      const opts: https.RequestOptions = {};
      await kc.applyToHTTPSOptions(opts);
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(opts.headers ?? {})) {
        if (value !== undefined) headers[key.toLowerCase()] = String(value);
      }
      if (opts.auth) headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
      const tls: https.AgentOptions = {
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        pfx: opts.pfx,
        passphrase: opts.passphrase,
        servername: opts.servername,
        ...(opts.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: opts.rejectUnauthorized }),
      };
      return { tls, headers };
    },
  };
}

const clients = new WeakMap<k8s.KubeConfig, KubeRest>();

/** One lean client (one connection pool) per loaded kubeconfig. */
export function restClient(kc: k8s.KubeConfig): KubeRest {
  let client = clients.get(kc);
  if (client === undefined) {
    client = new KubeRest(clientNodeAccess(kc));
    clients.set(kc, client);
  }
  return client;
}
