import { WatchedServiceNetwork } from '../../../src/commands/service-watch.js';
import { FakeApiServer } from '../../support/fake-apiserver.js';
import { waitFor } from '../profile/wait.js';

const SERVICES = '/api/v1/services';
const SLICES = '/apis/discovery.k8s.io/v1/endpointslices';

function service(name: string, clusterIP: string, port: number) {
  return {
    metadata: { namespace: 'shop', name },
    spec: { clusterIP, clusterIPs: [clusterIP], ports: [{ port }] },
  };
}

/** The EndpointSlice the controller manager keeps for a Service: `ready` endpoints, `unready` ones. */
function slice(serviceName: string, ready: number, unready = 0) {
  const endpoint = (i: number, isReady: boolean) => ({
    addresses: [`10.1.0.${i}`],
    conditions: { ready: isReady },
  });
  return {
    metadata: {
      namespace: 'shop',
      name: `${serviceName}-abcde`,
      labels: { 'kubernetes.io/service-name': serviceName },
    },
    addressType: 'IPv4',
    ports: [{ name: '', port: 5432, protocol: 'TCP' }],
    endpoints: [
      ...Array.from({ length: ready }, (_, i) => endpoint(i, true)),
      ...Array.from({ length: unready }, (_, i) => endpoint(100 + i, false)),
    ],
  };
}

describe('WatchedServiceNetwork', () => {
  let fake: FakeApiServer;
  let network: WatchedServiceNetwork;

  beforeEach(async () => {
    fake = new FakeApiServer();
    fake.put(SERVICES, service('db', '10.96.0.30', 5432));
    fake.put(SLICES, slice('db', 0, 1));
    network = new WatchedServiceNetwork(await fake.start());
    await network.start();
  });

  afterEach(async () => {
    await network.stop();
    await fake.stop();
  });

  it('answers for the ClusterIPs it listed, as kube-proxy would, and follows the slices and Services after', async () => {
    expect(network.connect('10.96.0.30', 5432)).toBe('refused');
    expect(network.connect('10.96.0.30', 6379)).toBe('unrouted');
    expect(network.connect('10.1.0.100', 5432)).toBeUndefined();

    await waitFor('the watches', () => fake.watcherCount(SLICES) > 0 && fake.watcherCount(SERVICES) > 0);
    fake.put(SLICES, slice('db', 1, 1));
    await waitFor('the ready endpoint', () => network.connect('10.96.0.30', 5432) === 'open');
    fake.remove(SLICES, 'db-abcde');
    await waitFor('the slice gone', () => network.connect('10.96.0.30', 5432) === 'refused');
    // A Service recreated with another ClusterIP: the old address is no Service's any more.
    fake.put(SERVICES, service('db', '10.96.0.31', 5432));
    await waitFor('the new address', () => network.connect('10.96.0.31', 5432) === 'refused');
    expect(network.connect('10.96.0.30', 5432)).toBeUndefined();
    fake.remove(SERVICES, 'db');
    await waitFor('the Service gone', () => network.connect('10.96.0.31', 5432) === undefined);
  });
});
