import { forbiddenMessage, isSubpath, requestAttributes } from '../../../src/kubelet/attributes.js';

describe('requestAttributes (the SubjectAccessReviews of pkg/kubelet/server/auth.go)', () => {
  const cases: [method: string, path: string, verb: string, subresources: string[]][] = [
    ['GET', '/stats/summary', 'get', ['stats']],
    ['GET', '/stats', 'get', ['stats']],
    ['GET', '/metrics/resource', 'get', ['metrics']],
    ['GET', '/metrics', 'get', ['metrics']],
    ['GET', '/metrics/cadvisor', 'get', ['metrics']],
    ['GET', '/logs/messages', 'get', ['log']],
    ['GET', '/spec/', 'get', ['spec']],
    ['GET', '/containerLogs/default/web/app', 'get', ['proxy']],
    ['GET', '/pods', 'get', ['pods', 'proxy']],
    ['GET', '/pods/', 'get', ['pods', 'proxy']],
    ['GET', '/runningpods/', 'get', ['pods', 'proxy']],
    ['GET', '/healthz', 'get', ['healthz', 'proxy']],
    ['GET', '/configz', 'get', ['configz', 'proxy']],
    ['POST', '/exec/default/web/app', 'create', ['proxy']],
    ['GET', '/exec/default/web/app', 'get', ['proxy']],
    ['POST', '/run/default/web/app', 'create', ['proxy']],
    ['POST', '/portForward/default/web', 'create', ['proxy']],
    ['PUT', '/attach/default/web/app', 'update', ['proxy']],
    ['PATCH', '/stats/summary', 'patch', ['stats']],
    ['DELETE', '/pods', 'delete', ['pods', 'proxy']],
    ['HEAD', '/stats/summary', '', ['stats']],
    ['OPTIONS', '/pods', '', ['pods', 'proxy']],
    // Prefixes match whole segments only.
    ['GET', '/statsx', 'get', ['proxy']],
    ['GET', '/podsx', 'get', ['proxy']],
    ['GET', '/metricsfoo', 'get', ['proxy']],
    ['GET', '/', 'get', ['proxy']],
  ];

  it.each(cases)('%s %s → verb %j, subresources %j', (method, path, verb, subresources) => {
    const attrs = requestAttributes(method, path, 'virtual-node-eci-0');
    expect(attrs.map((a) => a.subresource)).toEqual(subresources);
    for (const a of attrs) {
      expect(a).toEqual({
        verb,
        resource: 'nodes',
        subresource: a.subresource,
        name: 'virtual-node-eci-0',
        apiVersion: 'v1',
        path,
      });
    }
  });

  it('isSubpath ignores a trailing slash on the prefix and needs a segment boundary', () => {
    expect(isSubpath('/runningpods', '/runningpods/')).toBe(true);
    expect(isSubpath('/runningpods/x', '/runningpods/')).toBe(true);
    expect(isSubpath('/runningpodsx', '/runningpods/')).toBe(false);
  });

  it('forbiddenMessage has the kubelet shape, listing every subresource tried', () => {
    expect(forbiddenMessage('alice', requestAttributes('GET', '/pods', 'n1'))).toBe(
      'Forbidden (user=alice, verb=get, resource=nodes, subresource(s)=[pods proxy])',
    );
    expect(forbiddenMessage('bob', requestAttributes('GET', '/stats/summary', 'n1'))).toBe(
      'Forbidden (user=bob, verb=get, resource=nodes, subresource(s)=[stats])',
    );
  });
});
