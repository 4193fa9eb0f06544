import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import { linkedServices, serviceVariables } from '../../../src/translate/service-env.js';

function svc(
  namespace: string,
  name: string,
  clusterIP: string,
  ports: V1ServicePort[] = [{ port: 80 }],
): V1Service {
  return { metadata: { namespace, name }, spec: { clusterIP, ports } };
}

const KUBERNETES = svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]);

describe('serviceVariables (the kubelet’s FromServices)', () => {
  it('writes the variables the Kubernetes documentation lists for a Service', () => {
    // https://kubernetes.io/docs/concepts/containers/container-environment/: redis-primary on 6379.
    expect(serviceVariables([svc('web', 'redis-primary', '10.0.0.11', [{ port: 6379 }])])).toEqual({
      REDIS_PRIMARY_SERVICE_HOST: '10.0.0.11',
      REDIS_PRIMARY_SERVICE_PORT: '6379',
      REDIS_PRIMARY_PORT: 'tcp://10.0.0.11:6379',
      REDIS_PRIMARY_PORT_6379_TCP: 'tcp://10.0.0.11:6379',
      REDIS_PRIMARY_PORT_6379_TCP_PROTO: 'tcp',
      REDIS_PRIMARY_PORT_6379_TCP_PORT: '6379',
      REDIS_PRIMARY_PORT_6379_TCP_ADDR: '10.0.0.11',
    });
  });

  it('names each named port, links every port, and the first port is the Service’s', () => {
    const env = serviceVariables([
      svc('web', 'dns', '10.0.0.10', [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ]),
    ]);
    expect(env).toMatchObject({
      DNS_SERVICE_PORT: '53',
      DNS_SERVICE_PORT_DNS: '53',
      DNS_SERVICE_PORT_DNS_TCP: '53',
      DNS_PORT: 'udp://10.0.0.10:53',
      DNS_PORT_53_UDP_PROTO: 'udp',
      DNS_PORT_53_TCP: 'tcp://10.0.0.10:53',
    });
    expect(serviceVariables([KUBERNETES])).toMatchObject({
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
    });
  });

  it('puts an IPv6 cluster IP in brackets in URLs only', () => {
    expect(serviceVariables([svc('web', 'v6', 'fd00::10', [{ port: 80 }])])).toMatchObject({
      V6_SERVICE_HOST: 'fd00::10',
      V6_PORT: 'tcp://[fd00::10]:80',
      V6_PORT_80_TCP_ADDR: 'fd00::10',
    });
  });

  it('skips headless Services, and those with no cluster IP or no port', () => {
    expect(
      serviceVariables([
        svc('web', 'headless', 'None'),
        svc('web', 'external', ''),
        svc('web', 'portless', '10.0.0.5', []),
      ]),
    ).toEqual({});
  });
});

describe('linkedServices (the kubelet’s getServiceEnvVarMap)', () => {
  const all = [
    KUBERNETES,
    svc('default', 'other', '10.96.0.7'),
    svc('web', 'api', '10.0.0.2'),
    svc('shop', 'cart', '10.0.0.3'),
  ];
  const names = (list: V1Service[]) => list.map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`).sort();

  it('links the default namespace’s kubernetes and the pod’s own namespace', () => {
    expect(names(linkedServices(all, 'web', true))).toEqual(['default/kubernetes', 'web/api']);
    expect(names(linkedServices(all, 'default', true))).toEqual(['default/kubernetes', 'default/other']);
  });

  it('links only kubernetes with enableServiceLinks false', () => {
    expect(names(linkedServices(all, 'web', false))).toEqual(['default/kubernetes']);
  });

  it('gives a Service of the pod’s namespace named kubernetes the name', () => {
    const own = svc('web', 'kubernetes', '10.0.0.99');
    expect(linkedServices([KUBERNETES, own], 'web', true)).toEqual([own]);
    expect(linkedServices([own, KUBERNETES], 'web', true)).toEqual([own]);
  });
});
