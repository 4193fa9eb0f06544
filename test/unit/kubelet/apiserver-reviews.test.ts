import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tokenClient } from '../../support/token-access.js';
import { apiServerAuthorizer } from '../../../src/kubelet/apiserver-authorizer.js';
import { requestAttributes } from '../../../src/kubelet/attributes.js';
import type { NodeRequestAttributes } from '../../../src/kubelet/types.js';

interface Seen {
  path: string;
  body: Record<string, unknown>;
}

/** A stand-in API server that answers TokenReview and SubjectAccessReview from canned decisions. */
async function fakeApiServer(): Promise<{ server: http.Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { spec: Record<string, unknown> };
      seen.push({ path: req.url ?? '', body });
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/apis/authentication.k8s.io/v1/tokenreviews') {
        const ok = body.spec.token === 'valid-token';
        res.end(
          JSON.stringify({
            ...body,
            status: ok
              ? {
                  authenticated: true,
                  user: { username: 'jane', uid: '42', groups: ['devs'], extra: { scopes: ['a'] } },
                }
              : { authenticated: false, error: 'invalid bearer token' },
          }),
        );
      } else {
        const allowed = (body.spec.user as string) === 'jane';
        res.end(JSON.stringify({ ...body, status: { allowed } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('apiServerAuthorizer (TokenReview + SubjectAccessReview)', () => {
  it('sends the reviews the kubelet sends and reads their answers', async () => {
    const api = await fakeApiServer();
    try {
      const authz = apiServerAuthorizer(tokenClient(api.url, () => 'controller-token'));
      const user = await authz.authenticateToken('valid-token');
      expect(user).toEqual({ user: 'jane', uid: '42', groups: ['devs'], extra: { scopes: ['a'] } });
      expect(await authz.authenticateToken('other-token')).toBeUndefined();
      expect(api.seen[0]).toEqual({
        path: '/apis/authentication.k8s.io/v1/tokenreviews',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'valid-token' } },
      });

      const attrs = requestAttributes('GET', '/stats/summary', 'vk-1')[0] as NodeRequestAttributes;
      expect(await authz.authorize(user!, attrs)).toBe(true);
      expect(await authz.authorize({ user: 'mallory', groups: [] }, attrs)).toBe(false);
      expect(api.seen[2]).toEqual({
        path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            user: 'jane',
            uid: '42',
            groups: ['devs'],
            extra: { scopes: ['a'] },
            resourceAttributes: {
              verb: 'get',
              group: '',
              version: 'v1',
              resource: 'nodes',
              subresource: 'stats',
              name: 'vk-1',
            },
          },
        },
      });
    } finally {
      await new Promise((r) => api.server.close(r));
    }
  });
});
