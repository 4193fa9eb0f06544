import { Resolver } from 'node:dns/promises';
import type { NameResolver } from './lookups.js';

/** A lookup waits this long for the server, once, as a pod's resolver times out before it retries. */
const TIMEOUT_MS = 2000;

/**
 * The cluster's DNS server as the simulator reaches it (`--cluster-dns HOST:PORT`): the simulated
 * pods' nameserver (kube-dns's ClusterIP) is not an address the simulator can reach. IPv4 records;
 * a server that does not answer is a name not found, as `nslookup` in the pod would report it.
 */
export function dnsResolver(server: string): NameResolver {
  const resolver = new Resolver({ timeout: TIMEOUT_MS, tries: 1 });
  resolver.setServers([server]);
  return {
    resolve: async (candidates) => {
      for (const name of candidates) {
        const addresses = await resolver.resolve4(name).catch(() => []);
        if (addresses.length > 0) return { name, addresses };
      }
      return undefined;
    },
  };
}
