import { Resolver } from 'node:dns/promises';
import {
  core,
  createNamespace,
  deleteNamespace,
  describePodEvents,
  kubectl,
  nodeName,
  virtualNodePod,
  waitFor,
  waitForPhase,
} from './lib/cluster.js';

/**
 * What a user of `npm start`'s cluster checks: node proxy, `kubectl top`, the kubernetes Service's
 * Endpoints and cluster DNS, all through the real API server, metrics-server and CoreDNS.
 */
const ns = 'e2e-local-stack';

async function nodeAddress(): Promise<string> {
  const node = await core.readNode({ name: nodeName });
  const ip = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (!ip) throw new Error(`node ${nodeName} has no InternalIP`);
  return ip;
}

beforeAll(async () => {
  await createNamespace(ns);
  await core.createNamespacedPod({
    namespace: ns,
    body: virtualNodePod('measured', ns, {
      containers: [
        {
          name: 'app',
          image: 'nginx',
          resources: { requests: { cpu: '250m', memory: '256Mi' } },
        },
      ],
    }),
  });
  await waitForPhase(ns, 'measured', 'Running');
});

afterAll(async () => {
  await deleteNamespace(ns);
});

describe('the local cluster, as kubectl sees it', () => {
  it('gives the node a non-loopback InternalIP', async () => {
    expect(await nodeAddress()).not.toMatch(/^127\./);
  });

  it('proxies nodes/<node>/proxy/stats/summary to the kubelet API', async () => {
    const summary = JSON.parse(
      await kubectl('get', '--raw', `/api/v1/nodes/${nodeName}/proxy/stats/summary`),
    ) as {
      node: { nodeName: string };
      pods: { podRef: { name: string; namespace: string } }[];
    };
    expect(summary.node.nodeName).toBe(nodeName);
    expect(summary.pods.map((p) => `${p.podRef.namespace}/${p.podRef.name}`)).toContain(`${ns}/measured`);
  });

  it('gives the kubernetes Service Endpoints (the API server advertises a non-loopback address)', async () => {
    const endpoints = JSON.parse(
      await kubectl(
        'get',
        'endpointslices',
        '-n',
        'default',
        '-l',
        'kubernetes.io/service-name=kubernetes',
        '-o',
        'json',
      ),
    ) as { items: { endpoints?: { addresses: string[] }[] }[] };
    const addresses = endpoints.items.flatMap((s) => s.endpoints ?? []).flatMap((e) => e.addresses);
    expect(addresses).toEqual([await nodeAddress()]);
  });

  it('answers kubectl top pod and kubectl top node through metrics-server', async () => {
    // metrics-server scrapes every 15 s: the first scrape after the pod started may still be coming.
    const podLine = await waitFor(
      'kubectl top pod to list the pod',
      async () => {
        const out = await kubectl('top', 'pod', '-n', ns, '--no-headers').catch(() => '');
        return out
          .split('\n')
          .map((l) => l.trim())
          .find((l) => l.startsWith('measured '));
      },
      120_000,
    );
    expect(podLine).toMatch(/^measured\s+\d+m\s+\d+Mi$/);
    const nodeLine = await waitFor('kubectl top node to list the virtual node', async () => {
      const out = await kubectl('top', 'node', nodeName, '--no-headers').catch(() => '');
      return out
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l.startsWith(`${nodeName} `));
    });
    expect(nodeLine).toMatch(new RegExp(`^${nodeName}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%$`));
  });

  it('runs a ClusterFirst pod with the kube-dns address and no MissingClusterDNS warning', async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: virtualNodePod('resolver', ns, { dnsPolicy: 'ClusterFirst' }),
    });
    await waitForPhase(ns, 'resolver', 'Running');
    const { events } = await describePodEvents(ns, 'resolver');
    expect(events.filter((e) => e.type === 'Warning')).toEqual([]);
  });

  it('serves cluster DNS at the kube-dns Endpoints: CoreDNS answers for kubernetes.default', async () => {
    const endpoints = await core.readNamespacedEndpoints({ name: 'kube-dns', namespace: 'kube-system' });
    const subset = endpoints.subsets?.[0];
    const ip = subset?.addresses?.[0]?.ip;
    const port = subset?.ports?.find((p) => p.protocol === 'UDP')?.port;
    expect(ip).toBe(await nodeAddress());
    const resolver = new Resolver({ timeout: 3000, tries: 2 });
    resolver.setServers([`${ip}:${port}`]);
    const kubernetes = await core.readNamespacedService({ name: 'kubernetes', namespace: 'default' });
    expect(await resolver.resolve4('kubernetes.default.svc.cluster.local')).toEqual([
      kubernetes.spec?.clusterIP,
    ]);
  });
});
