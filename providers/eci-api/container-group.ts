import type { ContainerGroupStatusName, ContainerState, EciEvent, RestartPolicy, Tag } from './wire.js';

/**
 * A container group as DescribeContainerGroups returns it, in the wire names of the SDK's
 * `DescribeContainerGroupsResponseBodyContainerGroups` model. The response echoes the create
 * request in its own spelling: plural lists (`Commands`, `EnvironmentVars`, `Ports`, `VolumeMounts`,
 * `Volumes`, `HostAliases`), probes' `Exec.Command` as `Execs`, volumes flattened
 * (`NFSVolumeServer`), an environment variable's `FieldRef` under `ValueFrom`.
 */

export interface ContainerStatusInfo {
  Name: string;
  Image: string;
  Ready: boolean;
  RestartCount: number;
  CurrentState: ContainerState;
  PreviousState?: ContainerState;
}

export interface EnvironmentVarInfo {
  Key: string;
  Value?: string;
  ValueFrom?: { FieldRef: { FieldPath: string } };
}

export interface ProbeInfo {
  Execs?: string[];
  HttpGet?: { Path?: string; Port?: number; Scheme?: string };
  TcpSocket?: { Host?: string; Port?: number };
  InitialDelaySeconds?: number;
  PeriodSeconds?: number;
  TimeoutSeconds?: number;
  SuccessThreshold?: number;
  FailureThreshold?: number;
}

export interface ContainerSecurityContextInfo {
  Capability?: { Adds?: string[] };
  ReadOnlyRootFilesystem?: boolean;
  RunAsUser?: number;
}

/** What an init container's entry says of its spec (the model spells the command `Command` here). */
export interface InitContainerSpecInfo {
  Command?: string[];
  Args?: string[];
  WorkingDir?: string;
  Cpu?: number;
  Memory?: number;
  Gpu?: number;
  ImagePullPolicy?: string;
  EnvironmentVars?: EnvironmentVarInfo[];
  Ports?: { Port: number; Protocol?: string }[];
  VolumeMounts?: { Name: string; MountPath: string; ReadOnly?: boolean; MountPropagation?: string }[];
  SecurityContext?: ContainerSecurityContextInfo;
}

/** An app container's spec: `Commands`, SubPath on mounts, probes and stdin/tty besides. */
export interface ContainerSpecInfo extends Omit<InitContainerSpecInfo, 'Command' | 'VolumeMounts'> {
  Commands?: string[];
  VolumeMounts?: {
    Name: string;
    MountPath: string;
    SubPath?: string;
    ReadOnly?: boolean;
    MountPropagation?: string;
  }[];
  ReadinessProbe?: ProbeInfo;
  LivenessProbe?: ProbeInfo;
  Stdin?: boolean;
  StdinOnce?: boolean;
  Tty?: boolean;
}

export type ContainerInfo = ContainerStatusInfo & ContainerSpecInfo;
export type InitContainerInfo = ContainerStatusInfo & InitContainerSpecInfo;

export interface VolumeInfo {
  Name: string;
  Type: string;
  EmptyDirVolumeMedium?: string;
  EmptyDirVolumeSizeLimit?: string;
  ConfigFileVolumeConfigFileToPaths?: { Path: string; Content?: string }[];
  NFSVolumeServer?: string;
  NFSVolumePath?: string;
  NFSVolumeReadOnly?: boolean;
  DiskVolumeDiskId?: string;
  DiskVolumeFsType?: string;
  FlexVolumeDriver?: string;
  FlexVolumeFsType?: string;
  FlexVolumeOptions?: string;
}

export interface ContainerGroup {
  ContainerGroupId: string;
  ContainerGroupName: string;
  RegionId: string;
  ZoneId: string;
  VSwitchId: string;
  VpcId?: string;
  SecurityGroupId: string;
  EniInstanceId?: string;
  ResourceGroupId?: string;
  Status: ContainerGroupStatusName;
  InstanceType?: string;
  Cpu: number;
  Memory: number;
  EphemeralStorage?: number;
  IntranetIp?: string;
  InternetIp?: string;
  Ipv6Address?: string;
  CreationTime: string;
  SucceededTime?: string;
  FailedTime?: string;
  ExpiredTime?: string;
  SpotStrategy?: string;
  SpotPriceLimit?: number;
  RamRoleName?: string;
  RestartPolicy: RestartPolicy;
  DnsConfig?: { NameServers?: string[]; Searches?: string[]; Options?: { Name: string; Value?: string }[] };
  HostAliases?: { Ip: string; Hostnames: string[] }[];
  EciSecurityContext?: { Sysctls: { Name: string; Value: string }[] };
  Volumes?: VolumeInfo[];
  Tags: Tag[];
  Events: EciEvent[];
  Containers: ContainerInfo[];
  InitContainers: InitContainerInfo[];
}
