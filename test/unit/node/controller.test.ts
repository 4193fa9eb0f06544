import { loadControllerConfig, sourceOf } from '../../../src/config/index.js';
import { NodeController } from '../../../src/node/controller.js';
import { FakeApiServer } from '../../support/fake-apiserver.js';
import { NODE_IDENTITY } from './identity.js';
import { until } from '../../support/until.js';

const NODES = '/api/v1/nodes';
const LEASES = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
const id = NODE_IDENTITY;

describe('NodeController', () => {
  let fake: FakeApiServer;
  let node: NodeController;

  beforeEach(async () => {
    fake = new FakeApiServer();
    const config = loadControllerConfig(sourceOf({}, new Map()));
    // Status heartbeats far apart: whatever brings the Node back within the test is the lease loop.
    node = new NodeController(await fake.start(), id, config, {
      leaseIntervalMs: 20,
      statusIntervalMs: 3_600_000,
    });
    await node.start();
  });

  afterEach(async () => {
    node.stop();
    await fake.stop();
  });

  it('registers the Node and its Lease, owned by the Node', () => {
    const registered = fake.objects(NODES).get(id.name);
    expect(registered?.metadata?.labels).toMatchObject({ type: 'virtual-kubelet' });
    const lease = fake.objects(LEASES).get(id.name);
    expect(lease?.metadata?.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Node', name: id.name, uid: registered?.metadata?.uid },
    ]);
  });

  it('registers a deleted Node again at the next lease renewal, not the next status heartbeat', async () => {
    // What the garbage collector does: the Lease goes with its owner.
    fake.remove(NODES, id.name);
    fake.remove(LEASES, id.name);
    await until('registered again', () => fake.objects(NODES).has(id.name));
    await until('leased again', () => fake.objects(LEASES).has(id.name));
    expect(fake.objects(NODES).get(id.name)?.status).toBeDefined();
  });
});

describe('NodeController of a named node whose zone moves', () => {
  it('relabels the Node with the new zone at the next heartbeat, keeping its name', async () => {
    const fake = new FakeApiServer();
    const config = loadControllerConfig(sourceOf({}, new Map()));
    let zone = id.zone;
    const node = new NodeController(await fake.start(), id, config, {
      leaseIntervalMs: 3_600_000,
      statusIntervalMs: 20,
      zone: () => zone,
    });
    try {
      await node.start();
      const labels = () =>
        (fake.objects(NODES).get(id.name)?.metadata?.labels ?? {}) as Record<string, string | undefined>;
      expect(labels()['topology.kubernetes.io/zone']).toBe(id.zone);
      zone = 'cn-hangzhou-k';
      await until('relabelled', () => labels()['topology.kubernetes.io/zone'] === 'cn-hangzhou-k');
      expect(labels()).toMatchObject({
        'failure-domain.beta.kubernetes.io/zone': 'cn-hangzhou-k',
        'topology.diskplugin.csi.alibabacloud.com/zone': 'cn-hangzhou-k',
        'kubernetes.io/hostname': id.name,
      });
    } finally {
      node.stop();
      await fake.stop();
    }
  });
});
