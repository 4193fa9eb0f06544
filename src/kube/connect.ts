import { inClusterAccess, kubeconfigAccess } from './access.js';
import { NO_CLUSTER } from './errors.js';
import { KubeRest } from './rest.js';

/**
 * The controller's API client: KUBECONFIG (or `kubeconfig`) when set, otherwise the in-cluster
 * service account. client-node is loaded only for kubeconfig users with an exec plugin or an auth
 * provider.
 */
export async function connect(kubeconfig?: string): Promise<KubeRest> {
  const file = kubeconfig ?? process.env.KUBECONFIG;
  if (file !== undefined && file !== '') {
    const lean = kubeconfigAccess(file);
    if (lean !== undefined) return new KubeRest(lean);
    const { clientNodeAccess, loadKubeConfig } = await import('./client-node.js');
    return new KubeRest(clientNodeAccess(loadKubeConfig(file)));
  }
  if (process.env.KUBERNETES_SERVICE_HOST !== undefined) return new KubeRest(inClusterAccess());
  throw new Error(NO_CLUSTER);
}
