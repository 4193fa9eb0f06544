import { ConfigError } from './errors.js';

export interface SettingDoc {
  name: string;
  example: string;
  doc: string;
}

/** Every setting of `ack-virtual-node controller`: env var, or the flag `--lower-case-name`. */
export const CONTROLLER_SETTINGS: readonly SettingDoc[] = [
  { name: 'ECI_REGION', example: 'cn-hangzhou', doc: 'region of the container groups (default cn-hangzhou)' },
  {
    name: 'ECI_VSWITCH',
    example: 'vsw-a,vsw-b',
    doc: 'vSwitch IDs, comma list: one virtual node per zone (VPC DescribeVSwitches); unpinned pods fail over to the other zones on NoStock',
  },
  { name: 'ECI_SECURITY_GROUP', example: 'sg-bp1abc', doc: 'security group of the container groups' },
  {
    name: 'ECI_ZONE',
    example: 'cn-hangzhou-b',
    doc: "zone label of the one VKUBELET_NODE_NAME node (default: the first vSwitch's zone, as VPC DescribeVSwitches reports it)",
  },
  {
    name: 'ECI_KUBE_PROXY',
    example: 'true',
    doc: "run kube-proxy in container groups so they reach ClusterIPs (default true; the eci-profile's enableClusterIp wins)",
  },
  {
    name: 'ECI_BACKEND',
    example: 'simulator',
    doc: 'simulator (in-memory ECI, default) or alibaba (the ECI OpenAPI)',
  },
  {
    name: 'ECI_ENDPOINT',
    example: 'http://127.0.0.1:8080',
    doc: "ECI OpenAPI endpoint (default: the region's); VPC calls use it too unless it is an aliyuncs.com host",
  },
  {
    name: 'ALIYUN_CLUSTERID',
    example: 'c-abc123',
    doc: 'cluster ID tagged on every container group (default "default")',
  },
  {
    name: 'ALIYUN_RESOURCEGROUP_ID',
    example: 'rg-acfmzvwytch',
    doc: "resource group of the container groups, sent as ResourceGroupId (the eci-profile's resourceGroupId wins)",
  },
  {
    name: 'VKUBELET_NODE_NAME',
    example: 'virtual-kubelet-cn-hangzhou-b',
    doc: 'one region-wide node of this name for every vSwitch (default: a node virtual-kubelet-<region>-<zone> per zone)',
  },
  {
    name: 'VKUBELET_NODES_PER_ZONE',
    example: '2',
    doc: "zone nodes per zone (virtual-kubelet-<region>-<zone>, then -2, -3...): one zone's pods shared by several replicas (default 1, at most 20)",
  },
  { name: 'VKUBELET_TAINT_KEY', example: 'virtual-kubelet.io/provider', doc: "the node's taint key" },
  { name: 'VKUBELET_TAINT_VALUE', example: 'alibabacloud', doc: "the node's taint value" },
  { name: 'VKUBELET_TAINT_EFFECT', example: 'NoSchedule', doc: "the node's taint effect" },
  { name: 'VKUBELET_CAPACITY_CPU', example: '20000', doc: 'node cpu capacity (default 20000)' },
  { name: 'VKUBELET_CAPACITY_MEMORY', example: '80Ti', doc: 'node memory capacity (default 80Ti)' },
  { name: 'VKUBELET_CAPACITY_PODS', example: '20000', doc: 'node pod capacity (default 20000)' },
  { name: 'VKUBELET_CAPACITY_STORAGE', example: '1Pi', doc: 'node ephemeral-storage capacity (default 1Pi)' },
  {
    name: 'VKUBELET_CAPACITY_GPU',
    example: '1000',
    doc: 'node nvidia.com/gpu capacity, per node (default 1000; 0 = no GPU pods)',
  },
  {
    name: 'KUBELET_ADDRESS',
    example: '0.0.0.0',
    doc: 'address of the kubelet HTTPS API and the node InternalIP',
  },
  { name: 'KUBELET_PORT', example: '10250', doc: 'port of the kubelet HTTPS API (default 10250)' },
  {
    name: 'KUBELET_STREAMING_IDLE_TIMEOUT',
    example: '14400',
    doc: 'seconds an idle kubectl exec session stays open (default 14400 = 4 h, as the kubelet)',
  },
  {
    name: 'KUBELET_MAX_STREAMS',
    example: '100',
    doc: 'concurrent kubectl exec/attach/port-forward sessions; more are refused (default 100)',
  },
  {
    name: 'KUBELET_PORT_FORWARD_PROXY',
    example: 'http://127.0.0.1:8080',
    doc: 'HTTP CONNECT proxy kubectl port-forward reaches pod addresses through (default: directly; the simulator serves one)',
  },
  {
    name: 'KUBELET_CERT_FILE',
    example: '/etc/vk/tls.crt',
    doc: 'kubelet API serving certificate (default: generated)',
  },
  { name: 'KUBELET_KEY_FILE', example: '/etc/vk/tls.key', doc: 'its private key' },
  {
    name: 'KUBELET_CLIENT_CA_FILE',
    example: '/etc/vk/ca.crt',
    doc: 'CA of client certificates the kubelet API accepts',
  },
  {
    name: 'METRICS_ADDRESS',
    example: '127.0.0.1',
    doc: 'IP address of /metrics, /healthz, /readyz (default 0.0.0.0; the kubelet probes the pod IP)',
  },
  { name: 'METRICS_PORT', example: '10255', doc: 'port of /metrics, /healthz, /readyz (default 10255)' },
  { name: 'WORKERS', example: '64', doc: 'pods synced in parallel (default 64)' },
  {
    name: 'EVENT_QPS',
    example: '50',
    doc: 'Kubernetes Events written per second by this replica, shared by the nodes it serves; 0 = unlimited (default 50, as the kubelet)',
  },
  { name: 'EVENT_BURST', example: '100', doc: 'Events written at once above EVENT_QPS (default 100)' },
  {
    name: 'ECI_CREATE_QPS',
    example: '20',
    doc: "CreateContainerGroup (and, apart, DeleteContainerGroup) calls per second the controller allows itself: your account's ECI quota (default 20, ECI's default; raise it when Alibaba Cloud raised the quota)",
  },
  {
    name: 'ECI_CREATE_BURST',
    example: '100',
    doc: "of those, calls allowed at once above ECI_CREATE_QPS (default 100, ECI's default)",
  },
  { name: 'STATUS_INTERVAL', example: '1', doc: 'seconds between batched status polls (default 1)' },
  {
    name: 'FULL_RESYNC_INTERVAL',
    example: '60',
    doc: 'seconds between full status listings and orphan sweeps (default 60)',
  },
  {
    name: 'LEADER_ELECT',
    example: 'true',
    doc: 'replicas share the nodes, one Lease per node (default false: this process serves all)',
  },
  {
    name: 'POD_NAMESPACE',
    example: 'kube-system',
    doc: 'namespace of the node-owner and replica Leases (default kube-system)',
  },
  {
    name: 'ECI_SIMULATOR_SPEED',
    example: '0',
    doc: 'in-process simulator delays: 1 realistic (default), 0 instant',
  },
  {
    name: 'HEAP_GROWING_PERCENT',
    example: '20',
    doc: "how far the JavaScript heap may grow past what the last full garbage collection kept, in percent: lower holds less memory for more GC CPU (default 20; 0 = V8's own, up to 50 under the chart's heap cap)",
  },
  { name: 'KUBECONFIG', example: '~/.kube/config', doc: 'cluster to use (default: in-cluster)' },
  { name: 'LOG_LEVEL', example: 'info', doc: 'error, warn, info or debug (default info)' },
];

export function flagName(setting: string): string {
  return `--${setting.toLowerCase().replaceAll('_', '-')}`;
}

export function settingsHelp(settings: readonly SettingDoc[]): string {
  const width = Math.max(...settings.map((s) => flagName(s.name).length + s.name.length + 3));
  return settings
    .map((s) => `  ${`${flagName(s.name)} / ${s.name}`.padEnd(width)}  ${s.doc} (e.g. ${s.example})`)
    .join('\n');
}

/** Flags that match no setting are a typo: say which ones exist. */
export function rejectUnknownFlags(flags: Map<string, string>, settings: readonly SettingDoc[]): void {
  const known = new Set(settings.map((s) => s.name));
  for (const name of flags.keys()) {
    if (!known.has(name)) {
      throw new ConfigError(
        flagName(name),
        flags.get(name) ?? '',
        'unknown flag; run with --help for the list',
      );
    }
  }
}
