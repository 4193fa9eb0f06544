import { cachedAuthorizer, type AuthReviewApi } from '../../../src/kubelet/apiserver-authorizer.js';
import { requestAttributes } from '../../../src/kubelet/attributes.js';
import type { KubeletUser, NodeRequestAttributes } from '../../../src/kubelet/types.js';

function fakeApi(allowedUsers: string[]) {
  const calls = { tokenReview: 0, subjectAccessReview: 0 };
  const api: AuthReviewApi = {
    async tokenReview(token) {
      calls.tokenReview += 1;
      return token === 'good-token'
        ? { user: 'system:serviceaccount:kube-system:metrics-server', groups: [] }
        : undefined;
    },
    async subjectAccessReview(user: KubeletUser, _attrs: NodeRequestAttributes) {
      calls.subjectAccessReview += 1;
      return allowedUsers.includes(user.user);
    },
  };
  return { api, calls };
}

describe('cachedAuthorizer', () => {
  const stats = requestAttributes('GET', '/stats/summary', 'n1')[0] as NodeRequestAttributes;
  const logs = requestAttributes('GET', '/containerLogs/a/b/c', 'n1')[0] as NodeRequestAttributes;
  const alice: KubeletUser = { user: 'alice', groups: ['dev'] };
  const bob: KubeletUser = { user: 'bob', groups: [] };

  it('reuses an allowed decision for 5 minutes, then asks again', async () => {
    let now = 1_000_000;
    const { api, calls } = fakeApi(['alice']);
    const authz = cachedAuthorizer(api, { now: () => now });
    expect(await authz.authorize(alice, stats)).toBe(true);
    now += 4 * 60_000;
    expect(await authz.authorize(alice, stats)).toBe(true);
    expect(calls.subjectAccessReview).toBe(1);
    now += 61_000;
    expect(await authz.authorize(alice, stats)).toBe(true);
    expect(calls.subjectAccessReview).toBe(2);
  });

  it('reuses a denial for 30 seconds only', async () => {
    let now = 0;
    const { api, calls } = fakeApi([]);
    const authz = cachedAuthorizer(api, { now: () => now });
    expect(await authz.authorize(bob, stats)).toBe(false);
    now += 29_000;
    expect(await authz.authorize(bob, stats)).toBe(false);
    expect(calls.subjectAccessReview).toBe(1);
    now += 2_000;
    await authz.authorize(bob, stats);
    expect(calls.subjectAccessReview).toBe(2);
  });

  it('keys decisions by user and attributes', async () => {
    const { api, calls } = fakeApi(['alice']);
    const authz = cachedAuthorizer(api);
    await authz.authorize(alice, stats);
    await authz.authorize(alice, logs);
    await authz.authorize(bob, stats);
    await authz.authorize({ ...alice, groups: ['dev', 'admins'] }, stats);
    expect(calls.subjectAccessReview).toBe(4);
  });

  it('caches TokenReview answers, and concurrent questions share one call', async () => {
    const { api, calls } = fakeApi([]);
    const authz = cachedAuthorizer(api);
    const [a, b] = await Promise.all([
      authz.authenticateToken('good-token'),
      authz.authenticateToken('good-token'),
    ]);
    expect(a?.user).toBe('system:serviceaccount:kube-system:metrics-server');
    expect(b).toEqual(a);
    expect(await authz.authenticateToken('good-token')).toEqual(a);
    expect(await authz.authenticateToken('bad-token')).toBeUndefined();
    expect(await authz.authenticateToken('bad-token')).toBeUndefined();
    expect(calls.tokenReview).toBe(2);
  });

  it('does not cache failures of the API', async () => {
    let fail = true;
    let calls = 0;
    const authz = cachedAuthorizer({
      async tokenReview() {
        return undefined;
      },
      async subjectAccessReview() {
        calls += 1;
        if (fail) throw new Error('connection refused');
        return true;
      },
    });
    await expect(authz.authorize(alice, stats)).rejects.toThrow('connection refused');
    fail = false;
    expect(await authz.authorize(alice, stats)).toBe(true);
    expect(calls).toBe(2);
  });

  it('cacheTtlMs: 0 turns the cache off', async () => {
    const { api, calls } = fakeApi(['alice']);
    const authz = cachedAuthorizer(api, { cacheTtlMs: 0 });
    await authz.authorize(alice, stats);
    await authz.authorize(alice, stats);
    expect(calls.subjectAccessReview).toBe(2);
  });
});
