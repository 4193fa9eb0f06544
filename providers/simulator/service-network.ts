/**
 * What a connection to a Service's ClusterIP gets from the kube-proxy ECI runs in a pod (ECI_KUBE_PROXY,
 * the group's `KubeProxy` tag): kube-proxy's iptables rules, worked out from the Services and
 * EndpointSlices it watches. Pure: the objects come from the cluster (src/commands/service-watch.ts).
 */

/** A Service as kube-proxy uses it: its ClusterIPs and ports. */
export interface ProxiedService {
  clusterIps: readonly string[];
  ports: readonly { name: string; port: number; protocol: string }[];
}

/** An EndpointSlice of a Service: the port names it serves and how many of its endpoints are ready. */
export interface ServiceSlice {
  ports: readonly { name: string; protocol: string }[];
  readyEndpoints: number;
}

/**
 * `open`: kube-proxy forwards to a ready endpoint; `refused`: the Service has the port but no ready
 * endpoint, and kube-proxy's REJECT rule answers (`Connection refused`); `unrouted`: no rule for the
 * port, the packets go nowhere (the client times out).
 */
export type Connection = 'open' | 'refused' | 'unrouted';

/** The cluster's Services as the simulator sees them; undefined: not a ClusterIP (a pod, outside). */
export interface ServiceNetwork {
  connect(address: string, port: number): Connection | undefined;
}

/** What a TCP connection to `port` of the Service gets, given its slices. */
export function connectionTo(
  service: ProxiedService,
  slices: Iterable<ServiceSlice>,
  port: number,
): Connection {
  const servicePort = service.ports.find((p) => p.port === port && p.protocol === 'TCP');
  if (servicePort === undefined) return 'unrouted';
  for (const slice of slices) {
    const serves = slice.ports.some((p) => p.name === servicePort.name && p.protocol === 'TCP');
    if (serves && slice.readyEndpoints > 0) return 'open';
  }
  return 'refused';
}
