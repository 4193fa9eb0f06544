// The benchmark's API client is the controller's own lean one: one keep-alive pool, raw JSON, a
// line-delimited watch. The load generator shares 2 cores with what it measures, so it stays thin.
import { kubeconfigAccess } from '../src/kube/access.js';
import { KubeRest } from '../src/kube/rest.js';

export { KubeApiError as ApiError, type WatchEvent } from '../src/kube/rest.js';
export type ApiClient = KubeRest;

export function apiClient(kubeconfig: string, maxSockets: number): ApiClient {
  // The benchmark's own cluster: a kubeconfig with client certificates, never an exec plugin.
  const access = kubeconfigAccess(kubeconfig);
  if (access === undefined)
    throw new Error(`${kubeconfig}: the benchmark needs a kubeconfig without exec plugins`);
  return new KubeRest(access, maxSockets);
}
