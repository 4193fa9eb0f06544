import type * as k8s from '@kubernetes/client-node';
import { isNotFound, type KubeRest } from '../kube/index.js';

export interface ClusterServices {
  clusterDns?: { nameservers: string[]; clusterDomain: string };
  serviceEnvironment: Record<string, string>;
}

/**
 * What a kubelet is told by flags (--cluster-dns) and computes itself (KUBERNETES_SERVICE_* env):
 * the kube-dns Service IP and the API server's Service, read once at start-up.
 */
export async function discoverClusterServices(
  api: KubeRest,
  clusterDomain = 'cluster.local',
): Promise<ClusterServices> {
  const ip = async (namespace: string, name: string): Promise<k8s.V1Service | undefined> => {
    try {
      return await api.json<k8s.V1Service>('GET', `/api/v1/namespaces/${namespace}/services/${name}`);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };
  const [dns, kubernetes] = await Promise.all([ip('kube-system', 'kube-dns'), ip('default', 'kubernetes')]);
  const dnsIp = dns?.spec?.clusterIP;
  const apiIp = kubernetes?.spec?.clusterIP;
  const apiPort = String(kubernetes?.spec?.ports?.find((p) => p.name === 'https')?.port ?? 443);
  return {
    clusterDns: dnsIp && dnsIp !== 'None' ? { nameservers: [dnsIp], clusterDomain } : undefined,
    serviceEnvironment: apiIp
      ? {
          KUBERNETES_SERVICE_HOST: apiIp,
          KUBERNETES_SERVICE_PORT: apiPort,
          KUBERNETES_SERVICE_PORT_HTTPS: apiPort,
          KUBERNETES_PORT: `tcp://${apiIp}:${apiPort}`,
          KUBERNETES_PORT_443_TCP: `tcp://${apiIp}:${apiPort}`,
          KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
          KUBERNETES_PORT_443_TCP_PORT: apiPort,
          KUBERNETES_PORT_443_TCP_ADDR: apiIp,
        }
      : {},
  };
}
