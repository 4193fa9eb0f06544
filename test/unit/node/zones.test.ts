import type * as k8s from '@kubernetes/client-node';
import type { VSwitch } from '../../../providers/backend.js';
import { loadControllerConfig, sourceOf } from '../../../src/config/index.js';
import { buildNode } from '../../../src/node/build.js';
import { planNodes, zoneNodeName } from '../../../src/node/zones.js';
import { pinnedToZone, vSwitchesFor } from '../../../src/pods/placement.js';
import { NODE_IDENTITY } from './identity.js';

const vsw = (id: string, zone: string): VSwitch => ({
  VSwitchId: id,
  ZoneId: zone,
  VpcId: 'vpc-1',
  CidrBlock: '10.0.0.0/20',
  Status: 'Available',
  AvailableIpAddressCount: 100,
});
const CONFIGURED = [
  vsw('vsw-b1', 'cn-hangzhou-b'),
  vsw('vsw-k1', 'cn-hangzhou-k'),
  vsw('vsw-b2', 'cn-hangzhou-b'),
];
/** Every plan knows every configured vSwitch's zone. */
const ZONES = new Map([
  ['vsw-b1', 'cn-hangzhou-b'],
  ['vsw-k1', 'cn-hangzhou-k'],
  ['vsw-b2', 'cn-hangzhou-b'],
]);

describe('nodes for the configured vSwitches', () => {
  it('one node per zone VPC reports, with that zone’s vSwitches and the others as fallback', () => {
    expect(planNodes('cn-hangzhou', CONFIGURED)).toEqual([
      {
        name: 'virtual-kubelet-cn-hangzhou-b',
        zone: 'cn-hangzhou-b',
        vSwitchIds: ['vsw-b1', 'vsw-b2'],
        fallbackVSwitchIds: ['vsw-k1'],
        vSwitchZones: ZONES,
      },
      {
        name: 'virtual-kubelet-cn-hangzhou-k',
        zone: 'cn-hangzhou-k',
        vSwitchIds: ['vsw-k1'],
        fallbackVSwitchIds: ['vsw-b1', 'vsw-b2'],
        vSwitchZones: ZONES,
      },
    ]);
  });

  it('VKUBELET_NODES_PER_ZONE: alike nodes per zone, the zone’s own name first, then -2, -3', () => {
    const plans = planNodes('cn-hangzhou', CONFIGURED, undefined, 3);
    expect(plans.map((p) => p.name)).toEqual([
      'virtual-kubelet-cn-hangzhou-b',
      'virtual-kubelet-cn-hangzhou-b-2',
      'virtual-kubelet-cn-hangzhou-b-3',
      'virtual-kubelet-cn-hangzhou-k',
      'virtual-kubelet-cn-hangzhou-k-2',
      'virtual-kubelet-cn-hangzhou-k-3',
    ]);
    const zoneB = plans.filter((p) => p.zone === 'cn-hangzhou-b');
    expect(zoneB).toHaveLength(3);
    for (const plan of zoneB) {
      expect(plan.vSwitchIds).toEqual(['vsw-b1', 'vsw-b2']);
      expect(plan.fallbackVSwitchIds).toEqual(['vsw-k1']);
    }
    expect(zoneNodeName('cn-hangzhou', 'cn-hangzhou-k', 0)).toBe('virtual-kubelet-cn-hangzhou-k');
  });

  it('enableLinuxArm64Node: an ARM twin of each node, same zone and vSwitches, named -linux-arm64', () => {
    const plans = planNodes('cn-hangzhou', CONFIGURED, undefined, 1, true);
    expect(plans.map((p) => [p.name, p.arch ?? 'amd64'])).toEqual([
      ['virtual-kubelet-cn-hangzhou-b', 'amd64'],
      ['virtual-kubelet-cn-hangzhou-k', 'amd64'],
      ['virtual-kubelet-cn-hangzhou-b-linux-arm64', 'arm64'],
      ['virtual-kubelet-cn-hangzhou-k-linux-arm64', 'arm64'],
    ]);
    const armB = plans.find((p) => p.name === 'virtual-kubelet-cn-hangzhou-b-linux-arm64');
    expect(armB).toMatchObject({
      zone: 'cn-hangzhou-b',
      vSwitchIds: ['vsw-b1', 'vsw-b2'],
      fallbackVSwitchIds: ['vsw-k1'],
    });
    expect(planNodes('cn-hangzhou', CONFIGURED, { name: 'vk' }, 1, true).map((p) => p.name)).toEqual([
      'vk',
      'vk-linux-arm64',
    ]);
  });

  it('VKUBELET_NODE_NAME: one region-wide node serving every vSwitch, zone from ECI_ZONE or the first', () => {
    expect(planNodes('cn-hangzhou', CONFIGURED, { name: 'vk' })).toEqual([
      {
        name: 'vk',
        zone: 'cn-hangzhou-b',
        vSwitchIds: ['vsw-b1', 'vsw-k1', 'vsw-b2'],
        fallbackVSwitchIds: [],
        vSwitchZones: ZONES,
      },
    ]);
    expect(planNodes('cn-hangzhou', CONFIGURED, { name: 'vk', zone: 'cn-hangzhou-k' })[0]?.zone).toBe(
      'cn-hangzhou-k',
    );
  });
});

describe('the vSwitches of a pod on a zone node', () => {
  const placement = { vSwitchIds: ['vsw-b1'], fallbackVSwitchIds: ['vsw-k1'] };
  const pod = (spec: Partial<k8s.V1PodSpec>): k8s.V1Pod => ({ spec: { containers: [], ...spec } });

  it('an unpinned pod tries its node’s zone first, then the others (NoStock failover)', () => {
    const unpinned = pod({ nodeSelector: { type: 'virtual-kubelet' } });
    expect(pinnedToZone(unpinned)).toBe(false);
    expect(vSwitchesFor(unpinned, placement)).toEqual({ ids: ['vsw-b1', 'vsw-k1'], failover: true });
  });

  it.each<[string, Partial<k8s.V1PodSpec>]>([
    ['a zone nodeSelector', { nodeSelector: { 'topology.kubernetes.io/zone': 'cn-hangzhou-b' } }],
    [
      'a hostname nodeSelector',
      { nodeSelector: { 'kubernetes.io/hostname': 'virtual-kubelet-cn-hangzhou-b' } },
    ],
    [
      'required zone node affinity',
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['b'] }] },
              ],
            },
          },
        },
      },
    ],
    [
      'a hard zone spread constraint',
      {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' },
        ],
      },
    ],
    [
      'required pod anti-affinity per zone',
      {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone' }],
          },
        },
      },
    ],
  ])('a pod pinned by %s stays in its node’s zone', (_why, spec) => {
    expect(vSwitchesFor(pod(spec), placement)).toEqual({ ids: ['vsw-b1'], failover: false });
  });

  it('a soft zone spread constraint does not pin', () => {
    const soft = pod({
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
      ],
    });
    expect(pinnedToZone(soft)).toBe(false);
  });
});

describe('GPU capacity', () => {
  it('the node advertises nvidia.com/gpu (VKUBELET_CAPACITY_GPU, default 1000; 0 = none)', () => {
    const node = (env: Record<string, string>) =>
      buildNode(NODE_IDENTITY, loadControllerConfig(sourceOf(env, new Map())), new Date(0));
    expect(node({}).status?.capacity?.['nvidia.com/gpu']).toBe('1000');
    expect(node({ VKUBELET_CAPACITY_GPU: '8' }).status?.allocatable?.['nvidia.com/gpu']).toBe('8');
    expect(node({ VKUBELET_CAPACITY_GPU: '0' }).status?.capacity).not.toHaveProperty('nvidia.com/gpu');
  });
});
