import { flattenParams } from '../../../../providers/alibaba/models.js';
import type { Container, CreateContainerGroupRequest } from '../../../../providers/eci-api/index.js';
import { REGION } from '../helpers.js';

/** A request object → ECI's flattened parameters (`Container.1.Port.1.Port=80`). */
export function flat(request: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(request)) flattenParams(out, key, value);
  return out;
}

export function group(
  name: string,
  extra: Partial<CreateContainerGroupRequest> = {},
): Record<string, string> {
  return flat({
    RegionId: REGION,
    SecurityGroupId: 'sg-walk',
    VSwitchId: 'vsw-hangzhou-b',
    ContainerGroupName: name,
    RestartPolicy: 'Always',
    Container: [{ Name: 'app', Image: 'nginx:1.27' }],
    ...extra,
  });
}

const sh = (script: string, extra: Partial<Container> = {}): Container => ({
  Name: 'app',
  Image: 'busybox:1.36',
  Command: ['sh', '-c', script],
  ...extra,
});

/** Every field a container can carry, so the response echoes every one of them. */
const everyField: Container = {
  Name: 'app',
  Image: 'nginx:1.27',
  ImagePullPolicy: 'IfNotPresent',
  Command: ['sh', '-c'],
  Arg: ['echo up; sleep infinity'],
  WorkingDir: '/srv',
  Cpu: 1,
  Memory: 2,
  Gpu: 0,
  EnvironmentVar: [
    { Key: 'MODE', Value: 'prod' },
    { Key: 'POD_IP', FieldRef: { FieldPath: 'status.podIP' } },
  ],
  Port: [{ Port: 80, Protocol: 'TCP' }],
  VolumeMount: [
    { Name: 'cache', MountPath: '/cache', SubPath: 'a', ReadOnly: false, MountPropagation: 'None' },
  ],
  ReadinessProbe: {
    HttpGet: { Path: '/healthz', Port: 80, Scheme: 'HTTP' },
    InitialDelaySeconds: 1,
    PeriodSeconds: 5,
    TimeoutSeconds: 1,
    SuccessThreshold: 1,
    FailureThreshold: 3,
  },
  LivenessProbe: { Exec: { Command: ['true'] }, PeriodSeconds: 10 },
  SecurityContext: { Capability: { Add: ['NET_ADMIN'] }, ReadOnlyRootFilesystem: true, RunAsUser: 1000 },
  Stdin: true,
  StdinOnce: false,
  Tty: true,
};

/** The group shapes of the corpus, by name; each becomes one container group. */
export const SHAPES: Record<string, Partial<CreateContainerGroupRequest>> = {
  'every-field': {
    Cpu: 2,
    Memory: 4,
    Container: [
      everyField,
      sh('sleep infinity', {
        Name: 'sidecar',
        EnvironmentVar: [{ Key: 'TOKEN', Value: 'hidden' }],
        EnvironmentVarHide: true,
        ReadinessProbe: { TcpSocket: { Port: 8080 } },
        LivenessProbe: {
          HttpGet: { Path: '/live', Port: 8080, Scheme: 'HTTPS' },
          InitialDelaySeconds: 3,
          PeriodSeconds: 10,
          TimeoutSeconds: 2,
          SuccessThreshold: 1,
          FailureThreshold: 5,
        },
      }),
      sh('sleep infinity', {
        Name: 'probed',
        ReadinessProbe: { Exec: { Command: ['cat', '/tmp/ready'] } },
        LivenessProbe: { TcpSocket: { Port: 9090 } },
      }),
    ],
    InitContainer: [
      sh('echo init', {
        Name: 'init',
        Arg: ['x'],
        WorkingDir: '/',
        Cpu: 0.5,
        Memory: 1,
        Gpu: 0,
        ImagePullPolicy: 'Always',
        EnvironmentVar: [
          { Key: 'A', Value: 'b' },
          { Key: 'MY_IP', FieldRef: { FieldPath: 'status.podIP' } },
        ],
        Port: [{ Port: 9000, Protocol: 'UDP' }],
        VolumeMount: [{ Name: 'cache', MountPath: '/cache', ReadOnly: true, MountPropagation: 'None' }],
        SecurityContext: { Capability: { Add: ['NET_RAW'] }, ReadOnlyRootFilesystem: true, RunAsUser: 0 },
      }),
    ],
    Volume: [
      { Name: 'cache', Type: 'EmptyDirVolume', EmptyDirVolume: { Medium: 'Memory', SizeLimit: '1Gi' } },
      {
        Name: 'conf',
        Type: 'ConfigFileVolume',
        ConfigFileVolume: {
          ConfigFileToPath: [{ Path: 'a.conf', Content: 'YQ==', Mode: 420 }],
          DefaultMode: 420,
        },
      },
      {
        Name: 'nas',
        Type: 'NFSVolume',
        NFSVolume: { Server: 'nas.example.com', Path: '/share', ReadOnly: true },
      },
      { Name: 'disk', Type: 'DiskVolume', DiskVolume: { DiskId: 'd-walk', DiskSize: 20, FsType: 'ext4' } },
      {
        Name: 'flex',
        Type: 'FlexVolume',
        FlexVolume: { Driver: 'alicloud/disk', FsType: 'ext4', Options: '{"volumeId":"d-bp1disk"}' },
      },
    ],
    DnsConfig: {
      NameServer: ['10.0.0.10'],
      Search: ['svc.cluster.local'],
      Option: [{ Name: 'ndots', Value: '5' }],
    },
    HostAliase: [{ Ip: '10.0.0.1', Hostname: ['db.local'] }],
    SecurityContext: { Sysctl: [{ Name: 'net.ipv4.ping_group_range', Value: '0 65535' }] },
    HostSecurityContext: { Sysctl: [{ Name: 'net.core.somaxconn', Value: '1024' }] },
    ResourceGroupId: 'rg-walk',
    RamRoleName: 'walk-role',
    EphemeralStorage: 50,
    AutoCreateEip: true,
    Ipv6AddressCount: 1,
    Tag: [
      { Key: 'NameSpace', Value: 'walk' },
      { Key: 'UID', Value: '5f0c3d4e-2a1b-4c5d-8e9f-001122334455' },
    ],
  },
  'instance-type': { InstanceType: 'ecs.c6.large' },
  spot: { SpotStrategy: 'SpotWithPriceLimit', SpotPriceLimit: 0.5, Cpu: 1, Memory: 2 },
  succeeds: { RestartPolicy: 'Never', Container: [sh('echo done')] },
  fails: { RestartPolicy: 'Never', Container: [sh('echo bye; exit 3')] },
  'crash-loop': { Container: [sh('exit 1')] },
  'bad-image': { Container: [{ Name: 'app', Image: 'example.com/nonexistent:1' }] },
  'oom-killed': {},
  deadline: { ActiveDeadlineSeconds: 5 },
  'no-stock': { VSwitchId: 'vsw-hangzhou-k' },
  restarting: {},
  updating: {},
  terminating: {},
  'bad-init-image': { InitContainer: [{ Name: 'init', Image: 'example.com/does-not-exist:1' }] },
  'init-restart': { InitContainer: [sh('sleep infinity', { Name: 'init' })] },
  'with-init': { InitContainer: [sh('sleep 1', { Name: 'init-a' }), sh('true', { Name: 'init-b' })] },
};
