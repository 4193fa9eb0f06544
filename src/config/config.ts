import { isIP } from 'node:net';
import { ConfigError } from './errors.js';
import { parseBool, parseIdList, parseInteger, parseQuantity, parseSeconds, type Source } from './parse.js';

export type BackendKind = 'simulator' | 'alibaba';

export interface Taint {
  key: string;
  value: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Everything the controller needs, validated. Secrets are not here: the backend reads them itself. */
export interface ControllerConfig {
  region: string;
  /** ECI_ZONE, or the zone of the first vSwitch (resolved by the caller when absent). */
  zone?: string;
  vSwitchIds: string[];
  securityGroupId: string;
  kubeProxy: boolean;
  backend: BackendKind;
  /** ECI_ENDPOINT: an OpenAPI endpoint other than the region's, e.g. the simulator's. */
  endpoint?: string;
  clusterId: string;
  /** ALIYUN_RESOURCEGROUP_ID: sent as ResourceGroupId unless a pod names its own. */
  resourceGroupId?: string;
  /** Explicit node name; otherwise virtual-kubelet-<region>-<zone>. */
  nodeName?: string;
  /** VKUBELET_NODES_PER_ZONE: zone nodes per zone, to share one zone's pods over several replicas. */
  nodesPerZone: number;
  taint: Taint;
  capacity: { cpu: string; memory: string; pods: string; ephemeralStorage: string; gpu: string };
  kubelet: {
    address: string;
    port: number;
    certFile?: string;
    keyFile?: string;
    clientCaFile?: string;
    /** An exec session without a byte either way this long is closed (the kubelet's 4 h). */
    streamIdleTimeoutSeconds: number;
    /** Concurrent exec/attach/port-forward sessions; more are refused with a clear error. */
    maxStreams: number;
    /** KUBELET_PORT_FORWARD_PROXY: an HTTP CONNECT proxy port-forward reaches pods through. */
    portForwardProxy?: URL;
  };
  /** METRICS_ADDRESS: where /metrics, /healthz and /readyz listen (default 0.0.0.0, every interface). */
  metricsAddress: string;
  metricsPort: number;
  workers: number;
  /** Kubernetes Event writes per second (0: unlimited) and burst, as the kubelet's --event-qps/--event-burst. */
  events: { qps: number; burst: number };
  /** The account's CreateContainerGroup and DeleteContainerGroup quota, kept client-side (ECI_CREATE_QPS, ECI_CREATE_BURST). */
  createQuota: { qps: number; burst: number };
  statusIntervalSeconds: number;
  fullResyncSeconds: number;
  leaderElection: boolean;
  podNamespace: string;
  /** Delays of the in-process simulator: 1 = realistic, 0 = instant (benchmarks). */
  simulatorSpeed: number;
  /** HEAP_GROWING_PERCENT: V8's heap growth past the live set, in percent (0: V8's own factor). */
  heapGrowingPercent: number;
}

const REGION = /^[a-z]{2,3}-[a-z0-9-]+$/;
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

function taintOf(get: Source): Taint {
  const effect = get('VKUBELET_TAINT_EFFECT') ?? 'NoSchedule';
  if (!(EFFECTS as readonly string[]).includes(effect)) {
    throw new ConfigError('VKUBELET_TAINT_EFFECT', effect, `use one of ${EFFECTS.join(', ')}`);
  }
  return {
    key: get('VKUBELET_TAINT_KEY') ?? 'virtual-kubelet.io/provider',
    value: get('VKUBELET_TAINT_VALUE') ?? 'alibabacloud',
    effect: effect as Taint['effect'],
  };
}

function backendOf(get: Source): BackendKind {
  const raw = get('ECI_BACKEND') ?? 'simulator';
  if (raw !== 'simulator' && raw !== 'alibaba') {
    throw new ConfigError('ECI_BACKEND', raw, 'use simulator (in-memory ECI) or alibaba (the ECI OpenAPI)');
  }
  return raw;
}

function endpointOf(get: Source): string | undefined {
  const raw = get('ECI_ENDPOINT');
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw.includes('://') ? raw : `https://${raw}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url.toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(
      'ECI_ENDPOINT',
      raw,
      'use a URL such as http://127.0.0.1:8080 or eci.cn-hangzhou.aliyuncs.com',
    );
  }
}

function proxyOf(raw: string | undefined): URL | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' || url.pathname !== '/' || url.username !== '') {
    throw new ConfigError(
      'KUBELET_PORT_FORWARD_PROXY',
      raw,
      'use an HTTP CONNECT proxy as http://host:port (e.g. http://127.0.0.1:8080), or unset it to reach pods directly',
    );
  }
  return url;
}

/** An IP address to listen on (a host name would resolve differently on each replica). */
function listenAddressOf(setting: string, raw: string | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  const address = raw.trim();
  if (isIP(address) === 0) {
    throw new ConfigError(
      setting,
      raw,
      'use an IP address: 0.0.0.0 (every interface), 127.0.0.1 (this host only) or :: (every IPv6 interface)',
    );
  }
  return address;
}

export function loadControllerConfig(get: Source): ControllerConfig {
  const region = get('ECI_REGION') ?? 'cn-hangzhou';
  if (!REGION.test(region))
    throw new ConfigError('ECI_REGION', region, 'use a region ID such as cn-hangzhou');
  const zone = get('ECI_ZONE');
  if (zone !== undefined && !zone.startsWith(`${region}-`)) {
    throw new ConfigError('ECI_ZONE', zone, `use a zone of region ${region}, e.g. ${region}-b`);
  }
  const backend = backendOf(get);
  const simulated = backend === 'simulator';
  // The in-memory simulator needs no real network: it gets a vSwitch and security group of its own.
  const vSwitchIds = parseIdList(
    'ECI_VSWITCH',
    get('ECI_VSWITCH') ?? (simulated ? 'vsw-sim-b' : undefined),
    'vsw-',
    10,
  );
  if (vSwitchIds.length === 0 && backend === 'alibaba') {
    throw new ConfigError(
      'ECI_VSWITCH',
      '',
      'set it to one or more vSwitch IDs, comma-separated, e.g. vsw-a,vsw-b',
    );
  }
  const securityGroupId = get('ECI_SECURITY_GROUP') ?? (simulated ? 'sg-sim-default' : '');
  if (securityGroupId === '' && backend === 'alibaba') {
    throw new ConfigError(
      'ECI_SECURITY_GROUP',
      '',
      'set it to the security group ECI pods join, e.g. sg-bp1abc',
    );
  }
  if (securityGroupId !== '' && !/^sg-[a-z0-9-]+$/.test(securityGroupId)) {
    throw new ConfigError('ECI_SECURITY_GROUP', securityGroupId, 'use a security group ID such as sg-bp1abc');
  }
  const resourceGroupId = get('ALIYUN_RESOURCEGROUP_ID') || undefined;
  if (resourceGroupId !== undefined && !/^rg-[a-z0-9]+$/.test(resourceGroupId)) {
    throw new ConfigError(
      'ALIYUN_RESOURCEGROUP_ID',
      resourceGroupId,
      'use the ID of a resource group, e.g. rg-acfmzvwytch, or leave it empty for the default resource group',
    );
  }
  const nodeName = get('VKUBELET_NODE_NAME') ?? get('NODE_NAME');
  if (nodeName !== undefined && !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(nodeName)) {
    throw new ConfigError(
      'VKUBELET_NODE_NAME',
      nodeName,
      'use a DNS subdomain such as virtual-kubelet-cn-hangzhou-b',
    );
  }
  const nodesPerZone = parseInteger('VKUBELET_NODES_PER_ZONE', get('VKUBELET_NODES_PER_ZONE'), 1, 1, 20);
  if (nodesPerZone > 1 && nodeName !== undefined) {
    throw new ConfigError(
      'VKUBELET_NODES_PER_ZONE',
      String(nodesPerZone),
      `VKUBELET_NODE_NAME=${nodeName} asks for one region-wide node: unset VKUBELET_NODE_NAME for ` +
        'nodes per zone, or set VKUBELET_NODES_PER_ZONE to 1',
    );
  }
  return {
    region,
    zone,
    vSwitchIds,
    securityGroupId,
    kubeProxy: parseBool('ECI_KUBE_PROXY', get('ECI_KUBE_PROXY'), true),
    backend,
    endpoint: endpointOf(get),
    clusterId: get('ALIYUN_CLUSTERID') ?? get('ECI_CLUSTER_NAME') ?? 'default',
    resourceGroupId,
    nodeName,
    nodesPerZone,
    taint: taintOf(get),
    capacity: {
      cpu: parseQuantity('VKUBELET_CAPACITY_CPU', get('VKUBELET_CAPACITY_CPU'), '20000'),
      memory: parseQuantity('VKUBELET_CAPACITY_MEMORY', get('VKUBELET_CAPACITY_MEMORY'), '80Ti'),
      pods: parseQuantity('VKUBELET_CAPACITY_PODS', get('VKUBELET_CAPACITY_PODS'), '20000'),
      ephemeralStorage: parseQuantity('VKUBELET_CAPACITY_STORAGE', get('VKUBELET_CAPACITY_STORAGE'), '1Pi'),
      gpu: String(parseInteger('VKUBELET_CAPACITY_GPU', get('VKUBELET_CAPACITY_GPU'), 1000, 0, 1_000_000)),
    },
    kubelet: {
      address: get('KUBELET_ADDRESS') ?? '0.0.0.0',
      port: parseInteger('KUBELET_PORT', get('KUBELET_PORT'), 10250, 0, 65535),
      certFile: get('KUBELET_CERT_FILE'),
      keyFile: get('KUBELET_KEY_FILE'),
      clientCaFile: get('KUBELET_CLIENT_CA_FILE'),
      streamIdleTimeoutSeconds: parseSeconds(
        'KUBELET_STREAMING_IDLE_TIMEOUT',
        get('KUBELET_STREAMING_IDLE_TIMEOUT'),
        14_400,
        1,
        604_800,
      ),
      maxStreams: parseInteger('KUBELET_MAX_STREAMS', get('KUBELET_MAX_STREAMS'), 100, 1, 10_000),
      portForwardProxy: proxyOf(get('KUBELET_PORT_FORWARD_PROXY')),
    },
    metricsAddress: listenAddressOf('METRICS_ADDRESS', get('METRICS_ADDRESS'), '0.0.0.0'),
    metricsPort: parseInteger('METRICS_PORT', get('METRICS_PORT'), 10255, 0, 65535),
    workers: parseInteger('WORKERS', get('WORKERS'), 64, 1, 1024),
    events: {
      qps: parseInteger('EVENT_QPS', get('EVENT_QPS'), 50, 0, 10_000),
      burst: parseInteger('EVENT_BURST', get('EVENT_BURST'), 100, 1, 100_000),
    },
    createQuota: {
      qps: parseInteger('ECI_CREATE_QPS', get('ECI_CREATE_QPS'), 20, 1, 100_000),
      burst: parseInteger('ECI_CREATE_BURST', get('ECI_CREATE_BURST'), 100, 1, 100_000),
    },
    statusIntervalSeconds: parseSeconds('STATUS_INTERVAL', get('STATUS_INTERVAL'), 1, 0.1, 60),
    fullResyncSeconds: parseSeconds('FULL_RESYNC_INTERVAL', get('FULL_RESYNC_INTERVAL'), 60, 5, 3600),
    leaderElection: parseBool('LEADER_ELECT', get('LEADER_ELECT'), false),
    podNamespace: get('POD_NAMESPACE') ?? 'kube-system',
    simulatorSpeed: parseSeconds('ECI_SIMULATOR_SPEED', get('ECI_SIMULATOR_SPEED'), 1, 0, 100),
    heapGrowingPercent: parseInteger('HEAP_GROWING_PERCENT', get('HEAP_GROWING_PERCENT'), 20, 0, 400),
  };
}

/** virtual-kubelet-<region>-<zone suffix>, e.g. virtual-kubelet-cn-hangzhou-b. */
export function defaultNodeName(region: string, zone: string): string {
  const suffix = zone.startsWith(`${region}-`) ? zone.slice(region.length + 1) : zone;
  return `virtual-kubelet-${region}-${suffix}`;
}
