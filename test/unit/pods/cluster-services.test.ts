import { WatchedServices } from '../../../src/pods/cluster-services.js';
import { FakeApiServer } from '../../support/fake-apiserver.js';
import { waitFor } from '../profile/wait.js';

const SERVICES = '/api/v1/services';

function service(namespace: string, name: string, clusterIP: string, port = 80) {
  return { metadata: { namespace, name }, spec: { clusterIP, ports: [{ port, protocol: 'TCP' }] } };
}

describe('WatchedServices', () => {
  let fake: FakeApiServer;
  let services: WatchedServices;

  beforeEach(async () => {
    fake = new FakeApiServer();
    fake.put(SERVICES, service('default', 'kubernetes', '10.96.0.1', 443));
    fake.put(SERVICES, service('kube-system', 'kube-dns', '10.96.0.10', 53));
    fake.put(SERVICES, service('web', 'api', '10.96.1.1'));
    services = new WatchedServices(await fake.start());
    await services.start();
  });

  afterEach(async () => {
    await services.stop();
    await fake.stop();
  });

  it('gives the kube-dns address and, once listed, each namespace its own Services’ variables', () => {
    expect(services.clusterDns()).toEqual({ nameservers: ['10.96.0.10'], clusterDomain: 'cluster.local' });
    expect(services.environmentFor('web', true)).toMatchObject({
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      API_SERVICE_HOST: '10.96.1.1',
    });
    expect(Object.keys(services.environmentFor('shop', true)).every((k) => k.startsWith('KUBERNETES_'))).toBe(
      true,
    );
    expect(services.environmentFor('web', false)).not.toHaveProperty('API_SERVICE_HOST');
  });

  it('follows Services made, changed and deleted after the list', async () => {
    expect(services.environmentFor('web', true)).not.toHaveProperty('CART_SERVICE_HOST');
    // The fake API server does not replay what happened between the list and the watch.
    await waitFor('the Service watch', () => fake.watcherCount(SERVICES) > 0);
    fake.put(SERVICES, service('web', 'cart', '10.96.1.2'));
    await waitFor(
      'the new Service',
      () => services.environmentFor('web', true).CART_SERVICE_HOST === '10.96.1.2',
    );
    fake.put(SERVICES, service('default', 'kubernetes', '10.96.0.2', 443));
    await waitFor(
      'the moved API server',
      () => services.environmentFor('web', true).KUBERNETES_SERVICE_HOST === '10.96.0.2',
    );
    fake.remove(SERVICES, 'api');
    await waitFor(
      'the deleted Service',
      () => services.environmentFor('web', true).API_SERVICE_HOST === undefined,
    );
    expect(services.environmentFor('web', true).CART_SERVICE_HOST).toBe('10.96.1.2');
  });
});
