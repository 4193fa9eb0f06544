import { coordination, core, kubectl, nodeName, waitFor } from './lib/cluster.js';

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
