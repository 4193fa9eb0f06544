import type { CreateContainerGroupRequest } from '../../../providers/eci-api/index.js';
import type { Connection, NameResolver, ServiceNetwork } from '../../../providers/simulator/index.js';

/** What the controller sends for a ClusterFirst pod in namespace default. */
export const CLUSTER_FIRST: Partial<CreateContainerGroupRequest> = {
  DnsPolicy: 'None',
  DnsConfig: {
    NameServer: ['10.0.0.10'],
    Search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
    Option: [{ Name: 'ndots', Value: '5' }],
  },
};

/**
 * A cluster DNS whose records the test adds (a Service created), recording what it was asked; it
 * refuses names outside cluster.local with a dot (as the local cluster's CoreDNS: not its zone).
 */
export function clusterDns(): { resolver: NameResolver; records: Map<string, string>; asked: string[] } {
  const records = new Map<string, string>();
  const asked: string[] = [];
  const resolver: NameResolver = {
    resolve: async (candidates) => {
      asked.push(candidates[0] ?? '');
      const name = candidates.find((n) => records.has(n));
      if (name !== undefined) return { name, addresses: [records.get(name) ?? ''] };
      const outside = candidates.some((n) => n.includes('.') && !n.endsWith('.cluster.local'));
      return outside ? 'refused' : undefined;
    },
  };
  return { resolver, records, asked };
}

/** What the controller tags a group with under ECI_KUBE_PROXY=true (the default). */
export const KUBE_PROXY: Partial<CreateContainerGroupRequest> = {
  Tag: [{ Key: 'KubeProxy', Value: 'true' }],
};

/** The cluster's Services as kube-proxy sees them, by `ClusterIP:port` (the test sets what each gets). */
export function serviceNetwork(): { network: ServiceNetwork; ports: Map<string, Connection> } {
  const ports = new Map<string, Connection>();
  const clusterIps = () => new Set([...ports.keys()].map((k) => k.split(':')[0]));
  const network: ServiceNetwork = {
    connect: (address, port) =>
      clusterIps().has(address) ? (ports.get(`${address}:${port}`) ?? 'unrouted') : undefined,
  };
  return { network, ports };
}

/** Lets the resolver's answers arrive (they are promises, the clock is manual). */
export const answered = () => new Promise((resolve) => setImmediate(resolve));

/** Moves `clock` on `seconds` in 2 s steps (the scripts' loops), letting each step's answers arrive. */
export async function askedFor(clock: { advance(ms: number): void }, seconds: number): Promise<void> {
  for (let t = 0; t < seconds; t += 2) {
    clock.advance(2000);
    await answered();
  }
}
