import { createHash } from 'node:crypto';

/** The HTTP status of an API error (ours or client-node's), or undefined for network errors. */
export function statusCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  // KubeApiError carries `statusCode`; client-node's ApiException carries `code`. Node's network
  // errors carry a string `code` (ECONNREFUSED), hence the type check.
  const { statusCode: ours, code: theirs } = err as { statusCode?: unknown; code?: unknown };
  if (typeof ours === 'number') return ours;
  return typeof theirs === 'number' ? theirs : undefined;
}

export function isNotFound(err: unknown): boolean {
  return statusCode(err) === 404;
}

export function isConflict(err: unknown): boolean {
  return statusCode(err) === 409;
}

export const NO_CLUSTER =
  'no cluster to talk to: set KUBECONFIG (or --kubeconfig) to a kubeconfig file, or run inside a pod; ' +
  'for a local cluster, from a clone: `npm run build:dev && node dist/test/cluster/cli.js cluster up --dir .cluster` ' +
  'and `source .cluster/env`';

/** A kubeconfig cluster behind an HTTP proxy: refused by name (the controller dials the API server). */
export function proxyRefused(cluster: string, proxyUrl: string): Error {
  return new Error(
    `${cluster} sets proxy-url ${proxyUrl}, which this controller does not support: ` +
      'reach the API server directly (in a cluster it always can)',
  );
}

export const STRATEGIC_MERGE_PATCH_TYPE = 'application/strategic-merge-patch+json';
export const MERGE_PATCH_TYPE = 'application/merge-patch+json';

/** A key for a set of connection settings: equal settings, equal key (TLS material included). */
export function settingsKey(values: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const value of values) hash.update(String(value ?? '')).update('\0');
  return hash.digest('hex');
}
