import { createHash } from 'node:crypto';
import type * as k8s from '@kubernetes/client-node';
import type { KubeRest } from '../kube/rest.js';
import { TtlCache } from './ttl-cache.js';
import type { Authorizer, KubeletUser, NodeRequestAttributes } from './types.js';

/** The two reviews the API server answers; a fake in unit tests. */
export interface AuthReviewApi {
  tokenReview(token: string): Promise<KubeletUser | undefined>;
  subjectAccessReview(user: KubeletUser, attrs: NodeRequestAttributes): Promise<boolean>;
}

export interface AuthorizerCacheOptions {
  /** One TTL for every cached answer, overriding the three below. */
  cacheTtlMs?: number;
  /** How long an allowed SubjectAccessReview is reused (kubelet's --authorization-webhook-cache-authorized-ttl: 5 min). */
  allowedTtlMs?: number;
  /** How long a denied one is reused (kubelet's --authorization-webhook-cache-unauthorized-ttl: 30 s). */
  deniedTtlMs?: number;
  /** How long a TokenReview answer is reused (kubelet's --authentication-token-webhook-cache-ttl: 2 min). */
  tokenTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/** Tokens are cached under their SHA-256 so the process never keeps a table of raw credentials. */
function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function reviewKey(user: KubeletUser, attrs: NodeRequestAttributes): string {
  return JSON.stringify([
    user.user,
    user.uid ?? '',
    user.groups,
    user.extra ?? {},
    attrs.verb,
    attrs.subresource,
    attrs.name,
  ]);
}

/**
 * TokenReview and SubjectAccessReview answers cached like the kubelet's webhook authenticator and
 * authorizer, with concurrent identical questions sharing one API call. Errors are not cached.
 */
export function cachedAuthorizer(api: AuthReviewApi, opts: AuthorizerCacheOptions = {}): Authorizer {
  const now = opts.now ?? Date.now;
  const maxEntries = opts.maxEntries ?? 10_000;
  const allowedTtl = opts.cacheTtlMs ?? opts.allowedTtlMs ?? 5 * 60_000;
  const deniedTtl = opts.cacheTtlMs ?? opts.deniedTtlMs ?? 30_000;
  const tokenTtl = opts.cacheTtlMs ?? opts.tokenTtlMs ?? 2 * 60_000;
  const tokens = new TtlCache<KubeletUser | null>(maxEntries, now);
  const decisions = new TtlCache<boolean>(maxEntries, now);
  const inflight = new Map<string, Promise<unknown>>();

  async function once<T>(key: string, ask: () => Promise<T>): Promise<T> {
    const pending = inflight.get(key);
    if (pending !== undefined) return pending as Promise<T>;
    const promise = ask().finally(() => inflight.delete(key));
    inflight.set(key, promise);
    return promise;
  }

  return {
    async authenticateToken(token) {
      const key = `token:${tokenKey(token)}`;
      const cached = tokens.get(key);
      if (cached !== undefined) return cached ?? undefined;
      return once(key, async () => {
        const user = await api.tokenReview(token);
        tokens.set(key, user ?? null, user === undefined ? deniedTtl : tokenTtl);
        return user;
      });
    },
    async authorize(user, attrs) {
      const key = `sar:${reviewKey(user, attrs)}`;
      const cached = decisions.get(key);
      if (cached !== undefined) return cached;
      return once(key, async () => {
        const allowed = await api.subjectAccessReview(user, attrs);
        decisions.set(key, allowed, allowed ? allowedTtl : deniedTtl);
        return allowed;
      });
    },
  };
}

/** TokenReview and SubjectAccessReview against the API server `api` talks to. */
export function kubeAuthReviewApi(api: KubeRest): AuthReviewApi {
  return {
    async tokenReview(token) {
      const review = await api.json<k8s.V1TokenReview>(
        'POST',
        '/apis/authentication.k8s.io/v1/tokenreviews',
        {
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
        },
      );
      const status = review.status;
      const username = status?.user?.username;
      if (status?.authenticated !== true || username === undefined || username === '') return undefined;
      return {
        user: username,
        groups: status.user?.groups ?? [],
        uid: status.user?.uid,
        extra: status.user?.extra,
      };
    },
    async subjectAccessReview(user, attrs) {
      const path = '/apis/authorization.k8s.io/v1/subjectaccessreviews';
      const review = await api.json<k8s.V1SubjectAccessReview>('POST', path, {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            user: user.user,
            groups: user.groups,
            uid: user.uid,
            extra: user.extra,
            resourceAttributes: {
              verb: attrs.verb,
              group: '',
              version: attrs.apiVersion,
              resource: attrs.resource,
              subresource: attrs.subresource,
              name: attrs.name,
            },
          },
        },
      });
      return review.status?.allowed === true;
    },
  };
}

/** The production Authorizer: the API server's reviews behind the kubelet's caches. */
export function apiServerAuthorizer(api: KubeRest, opts?: AuthorizerCacheOptions): Authorizer {
  return cachedAuthorizer(kubeAuthReviewApi(api), opts);
}
