import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterDir, coordination, core, kubectl, nodeName, waitFor } from './lib/cluster.js';

describe('the virtual node', () => {
  it('is Ready with the labels and taint ACK users see', async () => {
    const node = await core.readNode({ name: nodeName });
    expect(node.metadata?.name).toBe('virtual-kubelet-cn-hangzhou-b');
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(node.metadata?.labels).toMatchObject({
      type: 'virtual-kubelet',
      'kubernetes.io/role': 'agent',
      'kubernetes.io/hostname': nodeName,
      'kubernetes.io/os': 'linux',
      'topology.kubernetes.io/region': 'cn-hangzhou',
      'topology.kubernetes.io/zone': 'cn-hangzhou-b',
      'k8s.aliyun.com/vnode': 'true',
      'service.beta.kubernetes.io/exclude-node': 'true',
    });
    expect(node.spec?.taints).toContainEqual({
      key: 'virtual-kubelet.io/provider',
      value: 'alibabacloud',
      effect: 'NoSchedule',
    });
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBeGreaterThan(0);
    expect(node.status?.addresses?.some((a) => a.type === 'InternalIP')).toBe(true);
    expect(await kubectl('get', 'node', nodeName, '--no-headers')).toMatch(/Ready\s+agent/);
  });

  it('renews its Lease every 10 seconds', async () => {
    const first = await coordination.readNamespacedLease({ name: nodeName, namespace: 'kube-node-lease' });
    expect(first.spec?.leaseDurationSeconds).toBe(40);
    expect(first.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: nodeName });
    const before = new Date(first.spec?.renewTime ?? 0).getTime();
    await waitFor(
      'the lease to be renewed',
      async () => {
        const lease = await coordination.readNamespacedLease({
          name: nodeName,
          namespace: 'kube-node-lease',
        });
        return new Date(lease.spec?.renewTime ?? 0).getTime() > before ? true : undefined;
      },
      20_000,
    );
  });
});

describe('controller observability', () => {
  it('serves Prometheus metrics, health and readiness on its metrics port', async () => {
    const info = JSON.parse(readFileSync(join(clusterDir, 'cluster.json'), 'utf8')) as {
      ports: { metrics: number };
    };
    const base = `http://127.0.0.1:${info.ports.metrics}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const text = await (await fetch(`${base}/metrics`)).text();
    for (const name of [
      'vk_node_lease_renewals_total',
      'vk_pod_status_writes_total',
      'vk_workqueue_depth',
      'eci_backend_requests_total',
      'eci_backend_request_duration_seconds',
      'process_resident_memory_bytes',
    ]) {
      // Registered (TYPE line) whether or not anything was counted yet.
      expect(text).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
  });
});
