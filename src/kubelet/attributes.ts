import type { NodeRequestAttributes, NodeSubresource } from './types.js';

const VERBS: Record<string, string> = {
  GET: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** True when `path` is `prefix` itself or below it, as the kubelet's isSubpath (a trailing slash is ignored). */
export function isSubpath(path: string, prefix: string): boolean {
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === base || (path.startsWith(base) && path[base.length] === '/');
}

/**
 * Fine-grained subresources (KubeletFineGrainedAuthz, on by default since 1.33) are tried first, then the
 * coarse one; a caller allowed either may proceed, so clusters that only grant `nodes/proxy` keep working.
 */
function fineGrainedSubresource(path: string): NodeSubresource | undefined {
  if (isSubpath(path, '/pods')) return 'pods';
  if (isSubpath(path, '/healthz')) return 'healthz';
  if (isSubpath(path, '/configz')) return 'configz';
  if (isSubpath(path, '/statusz')) return 'statusz';
  if (isSubpath(path, '/runningpods/')) return 'pods';
  return undefined;
}

function coarseSubresource(path: string): NodeSubresource {
  if (isSubpath(path, '/stats/')) return 'stats';
  if (isSubpath(path, '/metrics')) return 'metrics';
  if (isSubpath(path, '/logs/')) return 'log';
  if (isSubpath(path, '/spec/')) return 'spec';
  if (isSubpath(path, '/checkpoint/')) return 'checkpoint';
  return 'proxy';
}

/**
 * The SubjectAccessReviews the kubelet sends for a request (pkg/kubelet/server/auth.go), in the order it
 * tries them: the request is allowed when any one is. An unknown HTTP method gets an empty verb, which no
 * RBAC rule grants (HEAD included, as in the kubelet).
 */
export function requestAttributes(method: string, path: string, nodeName: string): NodeRequestAttributes[] {
  const verb = VERBS[method.toUpperCase()] ?? '';
  const subresources: NodeSubresource[] = [];
  const fine = fineGrainedSubresource(path);
  if (fine !== undefined) subresources.push(fine);
  subresources.push(coarseSubresource(path));
  return subresources.map((subresource) => ({
    verb,
    resource: 'nodes',
    subresource,
    name: nodeName,
    apiVersion: 'v1',
    path,
  }));
}

/** The kubelet's 403 body: `Forbidden (user=alice, verb=get, resource=nodes, subresource(s)=[pods proxy])`. */
export function forbiddenMessage(user: string, attrs: NodeRequestAttributes[]): string {
  const first = attrs[0];
  const subresources = attrs.map((a) => a.subresource).join(' ');
  return `Forbidden (user=${user}, verb=${first?.verb ?? ''}, resource=nodes, subresource(s)=[${subresources}])`;
}
