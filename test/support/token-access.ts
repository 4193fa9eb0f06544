import type { ClusterAccess } from '../../src/kube/access.js';
import { KubeRest } from '../../src/kube/rest.js';

/** A plain-HTTP test API server reached with a bearer token (read on each credentials refresh). */
export function tokenAccess(server: string, token: () => string = () => 'test-token'): ClusterAccess {
  return { server, credentials: async () => ({ tls: {}, headers: { authorization: `Bearer ${token()}` } }) };
}

export function tokenClient(server: string, token?: () => string): KubeRest {
  return new KubeRest(tokenAccess(server, token));
}
