import type { ControllerConfig } from '../config/index.js';
import type { EciProfile } from '../profile/index.js';

/**
 * The config the pod loop sees, with the live eci-profile's `enableClusterIp` in `kubeProxy`: the
 * profile wins over ECI_KUBE_PROXY as its vSwitchIds win over ECI_VSWITCH, and a pod's
 * k8s.aliyun.com/eci-kube-proxy-enabled wins over both. A getter, because the pod loop reads
 * `config.kubeProxy` for every new pod and the profile changes under it.
 */
export function withProfileKubeProxy(config: ControllerConfig, profile: () => EciProfile): ControllerConfig {
  return Object.defineProperty({ ...config }, 'kubeProxy', {
    get: (): boolean => profile().enableClusterIp ?? config.kubeProxy,
    enumerable: true,
  });
}
