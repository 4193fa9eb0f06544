import { loadControllerConfig, sourceOf } from '../../../src/config/index.js';
import { buildNode, mergeTaints, nodeTaints } from '../../../src/node/build.js';
import { NODE_IDENTITY } from './identity.js';

const config = loadControllerConfig(sourceOf({ VKUBELET_CAPACITY_PODS: '5000' }, new Map()));
const id = NODE_IDENTITY;

describe('the virtual Node object', () => {
  const node = buildNode(id, config, new Date('2026-01-01T00:00:00Z'));

  it('carries the labels, taint and provider ID ACK users see', () => {
    expect(node.metadata?.labels).toMatchObject({
      type: 'virtual-kubelet',
      'kubernetes.io/role': 'agent',
      'topology.kubernetes.io/zone': 'cn-hangzhou-b',
      'failure-domain.beta.kubernetes.io/region': 'cn-hangzhou',
      'alpha.service-controller.kubernetes.io/exclude-balancer': 'true',
    });
    expect(node.spec?.taints).toEqual([
      { key: 'virtual-kubelet.io/provider', value: 'alibabacloud', effect: 'NoSchedule' },
    ]);
    expect(node.spec?.providerID).toBe('alibabacloud://cn-hangzhou.virtual-kubelet-cn-hangzhou-b');
  });

  it('points the API server at the kubelet API and reports capacity', () => {
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(10250);
    expect(node.status?.addresses).toContainEqual({ type: 'InternalIP', address: '10.1.2.3' });
    expect(node.status?.capacity?.pods).toBe('5000');
    expect(node.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      'Ready=True',
      'MemoryPressure=False',
      'DiskPressure=False',
      'PIDPressure=False',
      'NetworkUnavailable=False',
    ]);
  });

  it('keeps taints others added and replaces a stale copy of ours', () => {
    const merged = mergeTaints(
      [
        { key: 'virtual-kubelet.io/provider', value: 'old', effect: 'NoExecute' },
        { key: 'team', value: 'a', effect: 'NoSchedule' },
      ],
      nodeTaints(id, config),
    );
    expect(merged).toEqual([
      { key: 'team', value: 'a', effect: 'NoSchedule' },
      { key: 'virtual-kubelet.io/provider', value: 'alibabacloud', effect: 'NoSchedule' },
    ]);
  });

  it("an ARM node (enableLinuxArm64Node) says arm64 and carries ACK's arm64 taint beside ours", () => {
    const arm = buildNode({ ...id, name: `${id.name}-linux-arm64`, arch: 'arm64' }, config, new Date());
    expect(arm.metadata?.labels).toMatchObject({
      'kubernetes.io/arch': 'arm64',
      'beta.kubernetes.io/arch': 'arm64',
      'topology.kubernetes.io/zone': 'cn-hangzhou-b',
    });
    expect(arm.status?.nodeInfo?.architecture).toBe('arm64');
    expect(arm.spec?.taints).toEqual([
      { key: 'virtual-kubelet.io/provider', value: 'alibabacloud', effect: 'NoSchedule' },
      { key: 'kubernetes.io/arch', value: 'arm64', effect: 'NoSchedule' },
    ]);
    expect(node.metadata?.labels?.['kubernetes.io/arch']).toBe('amd64');
    expect(
      mergeTaints(
        [{ key: 'kubernetes.io/arch', value: 'x', effect: 'NoExecute' }],
        nodeTaints({ ...id, arch: 'arm64' }, config),
      ),
    ).toEqual(arm.spec?.taints);
  });
});
