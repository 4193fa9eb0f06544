import type { Backend } from '../../providers/backend.js';
import type { ControllerConfig } from '../config/index.js';
import { directDialer, proxyDialer, type PodDialer } from '../kubelet/pod-dialer.js';
import { logger } from '../log.js';

/**
 * The backend ECI_BACKEND names, and how port-forward reaches its pods: through
 * KUBELET_PORT_FORWARD_PROXY when set, else the in-process simulator's own network, else straight
 * to the pod's VPC address. Imported lazily: the SDK is only loaded when it is used.
 */
export async function createBackend(
  config: ControllerConfig,
): Promise<{ backend: Backend; dialPod: PodDialer }> {
  const { instrumentBackend } = await import('../../providers/metrics.js');
  const proxy = config.kubelet.portForwardProxy;
  if (config.backend === 'simulator') {
    const { EciSimulator } = await import('../../providers/simulator/index.js');
    const engine = new EciSimulator({ regionId: config.region, speed: config.simulatorSpeed, logger });
    let network: Promise<PodDialer> | undefined;
    // Loaded on the first port-forward only, and not through the OpenAPI server's index: that
    // would load the whole server (some 30 MiB of RSS) into every controller.
    const simulated: PodDialer = async (ip, port) => {
      network ??= import('../../providers/simulator/openapi/pod-connect.js')
        .then(({ loopbackPodNetwork }) => loopbackPodNetwork(engine))
        .then((url) => proxyDialer(url));
      return (await network)(ip, port);
    };
    return { backend: instrumentBackend(engine), dialPod: proxy ? proxyDialer(proxy) : simulated };
  }
  const { createAlibabaBackend } = await import('../../providers/alibaba/index.js');
  const backend = await createAlibabaBackend({
    regionId: config.region,
    endpoint: config.endpoint,
    tuning: { logger, createQuota: config.createQuota },
  });
  return { backend: instrumentBackend(backend), dialPod: proxy ? proxyDialer(proxy) : directDialer() };
}
