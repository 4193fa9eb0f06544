import { clusterPkiPaths } from './certs.js';
import { knativeReadiness } from './knative-readiness.js';
import { adminTls, allOf, http200, nodeReady } from './probes.js';
import type { ClusterInfo, ComponentName } from './state.js';
import type { ProbeResult } from './wait.js';

export interface Readiness {
  what: string;
  timeoutMs: number;
  probe: () => Promise<ProbeResult>;
  /** The TCP port the component listens on, checked free before a start. */
  port?: number;
}

const NODE_READY_TIMEOUT_MS = 120_000;

/**
 * How to tell that `name` is up and serving, for a cluster described by `info`. `startedAt` is set
 * when the component was started just now: its readiness must then be fresh, not left over.
 */
export async function readinessOf(
  info: ClusterInfo,
  name: ComponentName,
  startedAt?: Date,
): Promise<Readiness> {
  const pki = clusterPkiPaths(info.paths.pki);
  const api = info.apiServerUrl;
  const insecure = { insecure: true };
  switch (name) {
    case 'etcd':
      return {
        what: 'etcd /health',
        timeoutMs: 30_000,
        port: info.ports.etcdClient,
        probe: http200(`http://127.0.0.1:${info.ports.etcdClient}/health`, {}, (b) =>
          b.includes('"health":"true"'),
        ),
      };
    case 'kube-apiserver': {
      const tls = await adminTls(pki);
      return {
        what: 'kube-apiserver /readyz and namespace default',
        timeoutMs: 120_000,
        port: info.ports.apiServer,
        probe: allOf(
          http200(`${api}/readyz`, tls, (b) => b.trim() === 'ok'),
          http200(`${api}/api/v1/namespaces/default`, tls),
        ),
      };
    }
    case 'kube-scheduler':
      return {
        what: 'kube-scheduler /healthz',
        timeoutMs: 60_000,
        port: info.ports.scheduler,
        probe: http200(`https://127.0.0.1:${info.ports.scheduler}/healthz`, insecure),
      };
    case 'kube-controller-manager': {
      const tls = await adminTls(pki);
      return {
        // Pods are refused until the service-account controller has made default/default.
        what: 'kube-controller-manager /healthz and service account default/default',
        timeoutMs: 90_000,
        port: info.ports.controllerManager,
        probe: allOf(
          http200(`https://127.0.0.1:${info.ports.controllerManager}/healthz`, insecure),
          http200(`${api}/api/v1/namespaces/default/serviceaccounts/default`, tls),
        ),
      };
    }
    case 'simulator':
      return {
        what: 'ECI simulator /healthz',
        timeoutMs: 30_000,
        port: info.ports.simulator,
        probe: http200(`${info.eciEndpoint ?? `http://127.0.0.1:${info.ports.simulator}`}/healthz`),
      };
    case 'webhook':
      return {
        what: 'webhook /healthz',
        timeoutMs: 30_000,
        port: info.ports.webhook,
        probe: http200(`https://127.0.0.1:${info.ports.webhook}/healthz`, insecure),
      };
    case 'coredns':
      return {
        // The ready plugin answers 200 once the kubernetes plugin has synced with the API server.
        what: 'CoreDNS /ready',
        timeoutMs: 30_000,
        port: info.ports.corednsReady,
        probe: http200(`http://127.0.0.1:${info.ports.corednsReady}/ready`),
      };
    case 'metrics-server':
      return {
        what: 'metrics-server /livez',
        timeoutMs: 30_000,
        probe: http200(`https://${info.nodeAddress}:${info.ports.metricsServer}/livez`, insecure),
      };
    case 'controller':
      return {
        what: `Node ${info.virtualNode} Ready`,
        timeoutMs: NODE_READY_TIMEOUT_MS,
        port: info.ports.kubelet,
        probe: nodeReady(info.kubeconfig, info.virtualNode, startedAt),
      };
    case 'knative-controller':
    case 'knative-webhook':
    case 'knative-autoscaler':
    case 'knative-activator':
      return knativeReadiness(info, name);
  }
}
