import { REGION } from '../helpers.js';
import { arrayItem, isModelClass, type ModelClass } from './walk.js';

/** Values a parameter needs to be valid where a placeholder would not do, by model path. */
const VALUES: Record<string, unknown> = {
  RegionId: REGION,
  ZoneId: 'cn-hangzhou-b',
  SecurityGroupId: 'sg-walk',
  VSwitchId: 'vsw-hangzhou-b',
  ContainerGroupName: 'walk-params',
  RestartPolicy: 'Never',
  InstanceType: 'ecs.c6.large',
  // Alone (the base sets no InstanceType): ECI picks ecs.c8y.large for the default 2 vCPU / 4 GiB.
  CpuArchitecture: 'ARM64',
  SpotStrategy: 'SpotAsPriceGo',
  ScheduleStrategy: 'VSwitchOrdered',
  EipISP: 'BGP',
  FixedIp: 'true',
  // vsw-hangzhou-b is the walk's first vSwitch: the simulator gives it 192.168.0.0/20.
  PrivateIpAddress: '192.168.0.200',
  UpdateType: 'IncrementalUpdate',
  EventSource: 'K8sAgent',
  EliminationStrategy: 'LRU',
  'DataSource.Type': 'URL',
  DataCachePL: 'PL1',
  ImageCacheName: 'walk-cache',
  Status: 'Running',
  VirtualNodeName: 'walk-vnode',
  VirtualNodeIds: '["vnd-walk"]',
  CustomResources: 'example1.com=100',
  ClusterDNS: '10.96.0.10',
  ClusterDomain: 'cluster.local',
  EipInstanceId: 'eip-walk',
  'Taint[].Effect': 'NoSchedule',
  ContainerGroupIds: '["eci-walk"]',
  NextToken: Buffer.from('after:eci-').toString('base64url'),
  StartTime: '2025-01-01T00:00:00Z',
  // Half an hour: DescribeContainerGroupMetric answers at most 50 records (31 at Period 60).
  EndTime: '2025-01-01T00:30:00Z',
  Period: '60',
  Command: '["echo","hi"]',
  Sync: true,
  TTY: false,
  DnsPolicy: 'Default',
  'Container[].Name': 'app',
  'Container[].ImagePullPolicy': 'IfNotPresent',
  'Container[].Port[].Protocol': 'TCP',
  'Container[].VolumeMount[].MountPropagation': 'None',
  'InitContainer[].ImagePullPolicy': 'IfNotPresent',
  'InitContainer[].Port[].Protocol': 'UDP',
  'InitContainer[].VolumeMount[].MountPropagation': 'None',
  'Container[].Image': 'nginx:1.27',
  'Container[].Port[].Port': 80,
  'Container[].VolumeMount[].Name': 'v',
  'Container[].VolumeMount[].MountPath': '/v',
  'InitContainer[].Name': 'init',
  'InitContainer[].Image': 'busybox:1.36',
  'InitContainer[].Command[]': 'true',
  'InitContainer[].Port[].Port': 81,
  'InitContainer[].VolumeMount[].Name': 'v',
  'InitContainer[].VolumeMount[].MountPath': '/v',
  'Container[].SecurityContext.Capability.Add[]': 'NET_ADMIN',
  'InitContainer[].SecurityContext.Capability.Add[]': 'NET_ADMIN',
  'Container[].EnvironmentVar[].FieldRef.FieldPath': 'status.podIP',
  'InitContainer[].EnvironmentVar[].FieldRef.FieldPath': 'status.podIP',
  'SecurityContext.Sysctl[].Name': 'net.ipv4.ping_group_range',
  'HostSecurityContext.Sysctl[].Name': 'net.core.somaxconn',
  'Volume[].Name': 'v',
  'Volume[].Type': 'EmptyDirVolume',
};

/** Parameters that are only valid together. */
export const TOGETHER: Record<string, Record<string, unknown>> = {
  Cpu: { Cpu: 2, Memory: 4 },
  Memory: { Cpu: 2, Memory: 4 },
};

/** Per action, parameters only valid with others there. */
export const TOGETHER_IN: Record<string, Record<string, Record<string, unknown>>> = {
  // From StartTime to now at the default Period (60 s) would be more than ECI's 50 records.
  DescribeContainerGroupMetric: { StartTime: { StartTime: VALUES.StartTime, Period: '600' } },
};

/** A value for every field of `t`, placeholders where any value of the type does. */
export function sample(t: unknown, path: string): unknown {
  if (path in VALUES) return VALUES[path];
  const item = arrayItem(t);
  if (isModelClass(t)) return sampleModel(t, path);
  if (item !== undefined) return [sample(item, `${path}[]`)];
  if (t === 'number') return 1;
  if (t === 'boolean') return true;
  if (typeof t === 'object') return {};
  return 'x';
}

function sampleModel(model: ModelClass, prefix: string): Record<string, unknown> {
  const types = model.types();
  return Object.fromEntries(
    Object.entries(model.names()).map(([key, wire]) => [
      wire,
      sample(types[key], prefix ? `${prefix}.${wire}` : wire),
    ]),
  );
}
