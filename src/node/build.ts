import type { V1Node, V1NodeCondition, V1NodeStatus } from '@kubernetes/client-node';
import type { ControllerConfig } from '../config/index.js';

export interface NodeIdentity {
  name: string;
  region: string;
  zone: string;
  /** The address the API server uses to reach the kubelet API. */
  internalIp: string;
  kubeletPort: number;
  version: string;
  /** More labels, e.g. the zone-node marker of the nodes made from ECI_VSWITCH zones. */
  labels?: Record<string, string>;
  /** An ARM node (eci-profile enableLinuxArm64Node); x86 (`amd64`) without it. */
  arch?: 'arm64';
}

/** ACK's ARM virtual nodes carry it: only pods that tolerate it (and so run ARM images) land there. */
export const ARM_TAINT = { key: 'kubernetes.io/arch', value: 'arm64', effect: 'NoSchedule' } as const;

/** The node's CPU architecture as Kubernetes labels it. */
function archOf(id: NodeIdentity): 'amd64' | 'arm64' {
  return id.arch ?? 'amd64';
}

/** Our taints: the provider's, and ARM_TAINT on an ARM node. */
export function nodeTaints(
  id: NodeIdentity,
  config: ControllerConfig,
): { key: string; value?: string; effect: string }[] {
  const ours = { key: config.taint.key, value: config.taint.value, effect: config.taint.effect };
  return id.arch === 'arm64' ? [ours, { ...ARM_TAINT }] : [ours];
}

/** The labels ACK users see on a virtual node (reference/eci.md §8). */
export function nodeLabels(id: NodeIdentity): Record<string, string> {
  return {
    type: 'virtual-kubelet',
    'kubernetes.io/role': 'agent',
    'kubernetes.io/hostname': id.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': archOf(id),
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': archOf(id),
    'topology.kubernetes.io/region': id.region,
    'topology.kubernetes.io/zone': id.zone,
    'failure-domain.beta.kubernetes.io/region': id.region,
    'failure-domain.beta.kubernetes.io/zone': id.zone,
    // The key ACK's disk CSI driver puts in a disk PV's node affinity: disk pods schedule here too.
    'topology.diskplugin.csi.alibabacloud.com/zone': id.zone,
    'alpha.service-controller.kubernetes.io/exclude-balancer': 'true',
    'service.beta.kubernetes.io/exclude-node': 'true',
    'node.kubernetes.io/exclude-from-external-load-balancers': 'true',
    'k8s.aliyun.com/vnode': 'true',
    ...id.labels,
  };
}

export function readyConditions(now: Date, ready: boolean): V1NodeCondition[] {
  const ok = (type: string, reason: string, message: string): V1NodeCondition => ({
    type,
    status: 'False',
    reason,
    message,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
  });
  return [
    {
      type: 'Ready',
      status: ready ? 'True' : 'False',
      reason: ready ? 'KubeletReady' : 'KubeletNotReady',
      message: ready ? 'virtual kubelet is ready to run pods on ECI' : 'the ECI backend does not answer',
      lastHeartbeatTime: now,
      lastTransitionTime: now,
    },
    ok('MemoryPressure', 'KubeletHasSufficientMemory', 'ECI has sufficient memory'),
    ok('DiskPressure', 'KubeletHasNoDiskPressure', 'ECI has no disk pressure'),
    ok('PIDPressure', 'KubeletHasSufficientPID', 'ECI has sufficient PIDs'),
    ok('NetworkUnavailable', 'RouteCreated', 'ECI networking is provided by the vSwitch'),
  ];
}

export function nodeStatus(
  id: NodeIdentity,
  config: ControllerConfig,
  now: Date,
  ready: boolean,
): V1NodeStatus {
  const resources: Record<string, string> = {
    cpu: config.capacity.cpu,
    memory: config.capacity.memory,
    pods: config.capacity.pods,
    'ephemeral-storage': config.capacity.ephemeralStorage,
  };
  // ECI sells GPUs through GPU instance types: the scheduler may place GPU pods here.
  if (config.capacity.gpu !== '0') resources['nvidia.com/gpu'] = config.capacity.gpu;
  return {
    capacity: resources,
    allocatable: resources,
    conditions: readyConditions(now, ready),
    addresses: [
      { type: 'InternalIP', address: id.internalIp },
      { type: 'Hostname', address: id.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: id.kubeletPort } },
    nodeInfo: {
      architecture: archOf(id),
      operatingSystem: 'linux',
      osImage: 'Alibaba Cloud ECI',
      kernelVersion: '',
      kubeletVersion: id.version,
      kubeProxyVersion: id.version,
      containerRuntimeVersion: 'eci://2018-08-08',
      bootID: '',
      machineID: '',
      systemUUID: '',
    },
  };
}

export function buildNode(id: NodeIdentity, config: ControllerConfig, now: Date): V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: id.name, labels: nodeLabels(id) },
    spec: {
      providerID: `alibabacloud://${id.region}.${id.name}`,
      taints: nodeTaints(id, config),
    },
    status: nodeStatus(id, config, now, true),
  };
}

/** Our taints added to (or replacing stale copies in) the taints others put on the node. */
export function mergeTaints(
  existing: NonNullable<V1Node['spec']>['taints'],
  ours: { key: string; value?: string; effect: string }[],
): { key: string; value?: string; effect: string }[] {
  const keys = new Set(ours.map((t) => t.key));
  const others = (existing ?? [])
    .filter((t) => !keys.has(t.key))
    .map(({ key, value, effect }) => ({ key, value, effect }));
  return [...others, ...ours];
}
