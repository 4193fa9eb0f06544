import type {
  Container,
  ContainerGroup,
  ContainerInfo,
  ContainerStatusInfo,
  InitContainerInfo,
  Probe,
  VolumeInfo,
} from '../eci-api/index.js';
import { rfc3339 } from './clock.js';
import type { SimContainer, SimGroup } from './model.js';
import { DEFAULT_RESOURCE_GROUP_ID } from './identity.js';
import { digest } from './random.js';

/**
 * DescribeContainerGroups's full object: the group's state plus its create request echoed in the
 * response's own spelling (see providers/eci-api/container-group.ts). Fields the request did not
 * set are left out, as ECI leaves them empty.
 */
export function toContainerGroup(g: SimGroup): ContainerGroup {
  const finished = g.finishedAt === undefined ? undefined : rfc3339(g.finishedAt);
  const r = g.request;
  return {
    ContainerGroupId: g.id,
    ContainerGroupName: g.name,
    RegionId: g.regionId,
    ZoneId: g.zoneId,
    VSwitchId: g.vSwitchId,
    VpcId: vpcOf(g.regionId),
    SecurityGroupId: g.securityGroupId,
    EniInstanceId: `eni-${digest('eni', g.id).slice(0, 20)}`,
    ResourceGroupId: r.ResourceGroupId || DEFAULT_RESOURCE_GROUP_ID,
    Status: g.status,
    ...(g.instanceType ? { InstanceType: g.instanceType } : {}),
    Cpu: g.cpu,
    Memory: g.memory,
    ...(r.EphemeralStorage !== undefined ? { EphemeralStorage: r.EphemeralStorage } : {}),
    IntranetIp: g.ip,
    ...(r.AutoCreateEip || r.EipInstanceId ? { InternetIp: publicIp(g.id) } : {}),
    ...(r.Ipv6AddressCount ? { Ipv6Address: ipv6(g.id) } : {}),
    CreationTime: rfc3339(g.createdAt),
    ...(g.status === 'Succeeded' ? { SucceededTime: finished } : {}),
    ...(g.status === 'Failed' || g.status === 'ScheduleFailed' ? { FailedTime: finished } : {}),
    ...(g.status === 'Expired' ? { ExpiredTime: finished } : {}),
    ...(r.SpotStrategy ? { SpotStrategy: r.SpotStrategy } : {}),
    ...(r.SpotPriceLimit !== undefined ? { SpotPriceLimit: r.SpotPriceLimit } : {}),
    ...(r.RamRoleName ? { RamRoleName: r.RamRoleName } : {}),
    RestartPolicy: r.RestartPolicy,
    ...(r.DnsConfig
      ? {
          DnsConfig: {
            NameServers: r.DnsConfig.NameServer ?? [],
            Searches: r.DnsConfig.Search ?? [],
            Options: (r.DnsConfig.Option ?? []).map((o) => ({ Name: o.Name, Value: o.Value })),
          },
        }
      : {}),
    ...(r.HostAliase
      ? { HostAliases: r.HostAliase.map((h) => ({ Ip: h.Ip, Hostnames: [...(h.Hostname ?? [])] })) }
      : {}),
    ...(r.SecurityContext?.Sysctl
      ? { EciSecurityContext: { Sysctls: r.SecurityContext.Sysctl.map((s) => ({ ...s })) } }
      : {}),
    ...(r.Volume ? { Volumes: r.Volume.map(volumeInfo) } : {}),
    Tags: g.tags.map((t) => ({ ...t })),
    Events: g.events.map((e) => ({ ...e })),
    Containers: g.containers.map((c) => ({ ...statusInfo(c), ...containerSpec(c.spec) })),
    InitContainers: g.initContainers.map((c) => ({ ...statusInfo(c), ...initContainerSpec(c.spec) })),
  };
}

/** One VPC per simulated region: the vSwitches the simulator knows all belong to it. */
/** The VPC of every simulated vSwitch (Topology.vpcId): DescribeVSwitches and this answer agree. */
function vpcOf(regionId: string): string {
  return `vpc-sim-${regionId}`;
}

/** An elastic IP's address, stable per group (values only, never contacted). */
/** A stable EIP-shaped address for a resource ID (never contacted). */
export function publicIp(id: string): string {
  const h = digest('eip', id);
  return `47.${96 + (parseInt(h.slice(0, 2), 16) % 32)}.${parseInt(h.slice(2, 4), 16)}.${1 + (parseInt(h.slice(4, 6), 16) % 254)}`;
}

function ipv6(id: string): string {
  const h = digest('ipv6', id);
  return `2408:4005:3ff:${h.slice(0, 4)}:${h.slice(4, 8)}:${h.slice(8, 12)}:${h.slice(12, 16)}:${h.slice(16, 20)}`;
}

function statusInfo(c: SimContainer): ContainerStatusInfo {
  return {
    Name: c.name,
    Image: c.spec.Image,
    Ready: c.ready,
    RestartCount: c.restartCount,
    CurrentState: { ...c.state },
    ...(c.previous ? { PreviousState: { ...c.previous } } : {}),
  };
}

/** What an init container's entry echoes of its spec (its command is `Command`, mounts have no SubPath). */
function initContainerSpec(s: Container): Omit<InitContainerInfo, keyof ContainerStatusInfo> {
  return {
    ...(s.Command ? { Command: [...s.Command] } : {}),
    ...commonSpec(s),
    ...(s.VolumeMount
      ? {
          VolumeMounts: s.VolumeMount.map((m) => ({
            Name: m.Name,
            MountPath: m.MountPath,
            ReadOnly: m.ReadOnly,
            MountPropagation: m.MountPropagation,
          })),
        }
      : {}),
  };
}

function containerSpec(s: Container): Omit<ContainerInfo, keyof ContainerStatusInfo> {
  return {
    ...(s.Command ? { Commands: [...s.Command] } : {}),
    ...commonSpec(s),
    ...(s.VolumeMount ? { VolumeMounts: s.VolumeMount.map((m) => ({ ...m })) } : {}),
    ...(s.ReadinessProbe ? { ReadinessProbe: probeInfo(s.ReadinessProbe) } : {}),
    ...(s.LivenessProbe ? { LivenessProbe: probeInfo(s.LivenessProbe) } : {}),
    ...(s.Stdin !== undefined ? { Stdin: s.Stdin } : {}),
    ...(s.StdinOnce !== undefined ? { StdinOnce: s.StdinOnce } : {}),
    ...(s.Tty !== undefined ? { Tty: s.Tty } : {}),
  };
}

function commonSpec(
  s: Container,
): Omit<InitContainerInfo, keyof ContainerStatusInfo | 'Command' | 'VolumeMounts'> {
  const sc = s.SecurityContext;
  return {
    ...(s.Arg ? { Args: [...s.Arg] } : {}),
    ...(s.WorkingDir ? { WorkingDir: s.WorkingDir } : {}),
    ...(s.Cpu !== undefined ? { Cpu: s.Cpu } : {}),
    ...(s.Memory !== undefined ? { Memory: s.Memory } : {}),
    ...(s.Gpu !== undefined ? { Gpu: s.Gpu } : {}),
    ...(s.ImagePullPolicy ? { ImagePullPolicy: s.ImagePullPolicy } : {}),
    ...(s.EnvironmentVar
      ? {
          // EnvironmentVarHide: the names are shown, the values are not.
          EnvironmentVars: s.EnvironmentVar.map((e) => ({
            Key: e.Key,
            ...(e.Value !== undefined && !s.EnvironmentVarHide ? { Value: e.Value } : {}),
            ...(e.FieldRef ? { ValueFrom: { FieldRef: { FieldPath: e.FieldRef.FieldPath } } } : {}),
          })),
        }
      : {}),
    ...(s.Port ? { Ports: s.Port.map((p) => ({ Port: p.Port, Protocol: p.Protocol })) } : {}),
    ...(sc
      ? {
          SecurityContext: {
            ...(sc.Capability ? { Capability: { Adds: [...(sc.Capability.Add ?? [])] } } : {}),
            ReadOnlyRootFilesystem: sc.ReadOnlyRootFilesystem,
            RunAsUser: sc.RunAsUser,
          },
        }
      : {}),
  };
}

function probeInfo(p: Probe): ContainerInfo['ReadinessProbe'] {
  return {
    ...(p.Exec ? { Execs: [...p.Exec.Command] } : {}),
    ...(p.HttpGet
      ? { HttpGet: { Path: p.HttpGet.Path, Port: p.HttpGet.Port, Scheme: p.HttpGet.Scheme } }
      : {}),
    ...(p.TcpSocket ? { TcpSocket: { Port: p.TcpSocket.Port } } : {}),
    InitialDelaySeconds: p.InitialDelaySeconds,
    PeriodSeconds: p.PeriodSeconds,
    TimeoutSeconds: p.TimeoutSeconds,
    SuccessThreshold: p.SuccessThreshold,
    FailureThreshold: p.FailureThreshold,
  };
}

/** A volume with its type's settings flattened into `<Type><Field>` names, as the response has them. */
function volumeInfo(v: NonNullable<SimGroup['request']['Volume']>[number]): VolumeInfo {
  return {
    Name: v.Name,
    Type: v.Type,
    EmptyDirVolumeMedium: v.EmptyDirVolume?.Medium,
    EmptyDirVolumeSizeLimit: v.EmptyDirVolume?.SizeLimit,
    ConfigFileVolumeConfigFileToPaths: v.ConfigFileVolume?.ConfigFileToPath.map((f) => ({
      Path: f.Path,
      Content: f.Content,
    })),
    NFSVolumeServer: v.NFSVolume?.Server,
    NFSVolumePath: v.NFSVolume?.Path,
    NFSVolumeReadOnly: v.NFSVolume?.ReadOnly,
    DiskVolumeDiskId: v.DiskVolume?.DiskId,
    DiskVolumeFsType: v.DiskVolume?.FsType,
    FlexVolumeDriver: v.FlexVolume?.Driver,
    FlexVolumeFsType: v.FlexVolume?.FsType,
    FlexVolumeOptions: v.FlexVolume?.Options,
  };
}
