// The benchmark's API client is the controller's own lean one: one keep-alive pool, raw JSON, a
// line-delimited watch. The load generator shares 2 cores with what it measures, so it stays thin.
import { loadKubeConfig } from '../src/kube/client.js';
import { KubeRest } from '../src/kube/rest.js';

export { KubeApiError as ApiError, type WatchEvent } from '../src/kube/rest.js';
export type ApiClient = KubeRest;

export function apiClient(kubeconfig: string, maxSockets: number): ApiClient {
  return new KubeRest(loadKubeConfig(kubeconfig), maxSockets);
}
