import { Resolver } from 'node:dns/promises';
import type { NameResolver } from './lookups.js';

/** node:dns's code for a server's REFUSED answer. */
const REFUSED = 'EREFUSED';
/** A lookup waits this long for the server, once, as a pod's resolver times out before it retries. */
const TIMEOUT_MS = 2000;

/** `--cluster-dns pod-nameserver`: ask the nameserver the pod's resolv.conf names, as the pod would. */
export const POD_NAMESERVER = 'pod-nameserver';

/**
 * The cluster's DNS server as the simulator reaches it. `IP:PORT`: one server for every pod (the
 * local cluster's CoreDNS; kube-dns's ClusterIP, the pods' nameserver, is no address the simulator
 * can reach there); `pod-nameserver`: each pod's own (a simulator running in the cluster reaches
 * kube-dns as any pod does). IPv4 records; a server that does not answer is a name not found, as
 * `nslookup` in the pod would report it; one that refuses every name tried (not its zone: the local
 * CoreDNS serves cluster.local only, while ECI's DNS forwards the rest) says nothing either way.
 */
export function dnsResolver(server: string): NameResolver {
  const resolvers = new Map<string, Resolver>();
  const resolverFor = (address: string): Resolver => {
    let resolver = resolvers.get(address);
    if (resolver === undefined) {
      resolver = new Resolver({ timeout: TIMEOUT_MS, tries: 1 });
      resolver.setServers([address]);
      resolvers.set(address, resolver);
    }
    return resolver;
  };
  return {
    resolve: async (candidates, nameserver) => {
      const resolver = resolverFor(server === POD_NAMESERVER ? nameserver : server);
      let refused = false;
      for (const name of candidates) {
        const addresses = await resolver.resolve4(name).catch((err: NodeJS.ErrnoException) => {
          // A single label (`db`) would be no name outside the cluster either: not found.
          refused ||= err.code === REFUSED && name.includes('.');
          return [];
        });
        if (addresses.length > 0) return { name, addresses };
      }
      return refused ? 'refused' : undefined;
    },
  };
}
