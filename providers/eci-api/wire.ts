/**
 * ECI wire vocabulary (API version 2018-08-08), with the field names the OpenAPI uses on the wire
 * (PascalCase). Keeping the wire names lets the simulator's OpenAPI server unflatten parameters
 * straight into these types and lets tests compare requests field by field with the ECI docs.
 */

export interface Tag {
  Key: string;
  Value: string;
}

export interface EnvironmentVar {
  Key: string;
  Value?: string;
  FieldRef?: { FieldPath: string };
}

export interface ContainerPort {
  Port: number;
  Protocol?: 'TCP' | 'UDP';
}

export interface VolumeMount {
  Name: string;
  MountPath: string;
  SubPath?: string;
  ReadOnly?: boolean;
  MountPropagation?: 'None' | 'HostToContainer' | 'Bidirectional';
}

export interface Probe {
  Exec?: { Command: string[] };
  HttpGet?: { Path?: string; Port: number; Scheme?: 'HTTP' | 'HTTPS' };
  TcpSocket?: { Port: number };
  InitialDelaySeconds?: number;
  PeriodSeconds?: number;
  TimeoutSeconds?: number;
  SuccessThreshold?: number;
  FailureThreshold?: number;
}

export interface ContainerSecurityContext {
  Capability?: { Add?: string[] };
  ReadOnlyRootFilesystem?: boolean;
  RunAsUser?: number;
}

export interface Container {
  Name: string;
  Image: string;
  ImagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  Command?: string[];
  Arg?: string[];
  WorkingDir?: string;
  /** vCPU */
  Cpu?: number;
  /** GiB */
  Memory?: number;
  Gpu?: number;
  EnvironmentVar?: EnvironmentVar[];
  Port?: ContainerPort[];
  VolumeMount?: VolumeMount[];
  ReadinessProbe?: Probe;
  LivenessProbe?: Probe;
  StartupProbe?: Probe;
  LifecyclePostStartHandlerExec?: string[];
  LifecyclePostStartHandlerHttpGetPath?: string;
  LifecyclePostStartHandlerHttpGetPort?: number;
  LifecyclePostStartHandlerHttpGetScheme?: string;
  LifecyclePostStartHandlerHttpGetHost?: string;
  LifecyclePostStartHandlerTcpSocketPort?: number;
  LifecyclePostStartHandlerTcpSocketHost?: string;
  LifecyclePreStopHandlerExec?: string[];
  LifecyclePreStopHandlerHttpGetPath?: string;
  LifecyclePreStopHandlerHttpGetPort?: number;
  LifecyclePreStopHandlerHttpGetScheme?: string;
  LifecyclePreStopHandlerHttpGetHost?: string;
  LifecyclePreStopHandlerTcpSocketPort?: number;
  LifecyclePreStopHandlerTcpSocketHost?: string;
  SecurityContext?: ContainerSecurityContext;
  SecurityContextRunAsGroup?: number;
  SecurityContextRunAsNonRoot?: boolean;
  Stdin?: boolean;
  StdinOnce?: boolean;
  Tty?: boolean;
  /** DescribeContainerGroups then shows the variables without their values. */
  EnvironmentVarHide?: boolean;
  TerminationMessagePath?: string;
  TerminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
}

export interface ConfigFileToPath {
  Path: string;
  /** base64 */
  Content: string;
  Mode?: number;
}

export interface Volume {
  Name: string;
  Type: 'EmptyDirVolume' | 'ConfigFileVolume' | 'NFSVolume' | 'DiskVolume' | 'FlexVolume' | 'HostPathVolume';
  EmptyDirVolume?: { Medium?: string; SizeLimit?: string };
  ConfigFileVolume?: { ConfigFileToPath: ConfigFileToPath[]; DefaultMode?: number };
  NFSVolume?: { Server: string; Path: string; ReadOnly?: boolean };
  DiskVolume?: { DiskId: string; DiskSize?: number; FsType?: string };
  FlexVolume?: { Driver: string; FsType?: string; Options?: string };
  HostPathVolume?: { Path: string; Type?: string };
}

export interface DnsConfig {
  NameServer?: string[];
  Search?: string[];
  Option?: { Name: string; Value?: string }[];
}

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** A Container Registry Enterprise Edition instance ECI pulls from without a secret (`AcrRegistryInfo.N`). */
export interface AcrRegistryInfo {
  InstanceId: string;
  /** The instance's region when it is not the group's. */
  RegionId?: string;
  InstanceName?: string;
  /** The instance's domains; ECI uses all of them when omitted. */
  Domain?: string[];
  /** RAM role of the account that owns the ECI resources (cross-account pulls). */
  ArnService?: string;
  /** RAM role of the account that owns the registry (cross-account pulls). */
  ArnUser?: string;
}

export interface CreateContainerGroupRequest {
  RegionId: string;
  ZoneId?: string;
  /** Optional on ECI (the region's default security group); the controller always sets it. */
  SecurityGroupId: string;
  /** Comma list of up to 10 vSwitch IDs: several zones. Optional on ECI (it chooses one); always set here. */
  VSwitchId: string;
  ContainerGroupName: string;
  RestartPolicy: RestartPolicy;
  Cpu?: number;
  Memory?: number;
  /** Comma list of instance types, tried in order. */
  InstanceType?: string;
  /**
   * `AMD64` (ECI's default) or `ARM64`: with Cpu/Memory, ECI picks an instance type of that
   * architecture (ARM: the ecs.c8y/g8y/r8y families; 2 vCPU 4 GiB is ecs.c8y.large).
   */
  CpuArchitecture?: 'AMD64' | 'ARM64';
  ScheduleStrategy?: 'VSwitchOrdered' | 'VSwitchRandom';
  SpotStrategy?: 'NoSpot' | 'SpotWithPriceLimit' | 'SpotAsPriceGo';
  SpotPriceLimit?: number;
  SpotDuration?: number;
  StrictSpot?: boolean;
  AutoMatchImageCache?: boolean;
  ImageSnapshotId?: string;
  /** The bucket of the data caches the group's HostPathVolumes mount (their Path is a cache's Path). */
  DataCacheBucket?: string;
  /** Performance level of the disk made from a data cache (`PL0`..`PL3`; ECI's default PL1). */
  DataCachePL?: string;
  /** Provisioned IOPS of that disk; set, it is an ESSD AutoPL disk. */
  DataCacheProvisionedIops?: number;
  /** Performance bursts of that AutoPL disk. */
  DataCacheBurstingEnabled?: boolean;
  EphemeralStorage?: number;
  AutoCreateEip?: boolean;
  EipInstanceId?: string;
  /** IPv6 addresses to assign (ECI assigns one). */
  Ipv6AddressCount?: number;
  /** Internet access over the IPv6 address, and its peak bandwidth (e.g. `100M`). */
  Ipv6GatewayBandwidthEnable?: boolean;
  Ipv6GatewayBandwidth?: string;
  EipBandwidth?: number;
  /** Line type of an EIP ECI creates: `BGP` or `BGP_PRO`. */
  EipISP?: string;
  /** Internet Shared Bandwidth (`cbwp-...`) the created EIP joins. */
  EipCommonBandwidthPackage?: string;
  /** The group's IPv4 address in its vSwitch. */
  PrivateIpAddress?: string;
  /** `'true'`: a re-created pod of the same name keeps its IP (a string in the SDK model). */
  FixedIp?: string;
  /** Hours an idle fixed IP is kept (ECI's default: 48). */
  FixedIpRetainHour?: number;
  /** Bytes per second. */
  IngressBandwidth?: number;
  /** Bytes per second. */
  EgressBandwidth?: number;
  /** Comma list of registries (`host[:port]`) pulled over plain HTTP. */
  PlainHttpRegistry?: string;
  /** Comma list of registries whose TLS certificate is not verified. */
  InsecureRegistry?: string;
  AcrRegistryInfo?: AcrRegistryInfo[];
  /** Where core dumps go (the kernel's core_pattern), e.g. `/pod/data/dump/core`. */
  CorePattern?: string;
  CpuOptionsCore?: number;
  CpuOptionsThreadsPerCore?: number;
  RamRoleName?: string;
  ResourceGroupId?: string;
  ActiveDeadlineSeconds?: number;
  TerminationGracePeriodSeconds?: number;
  DnsPolicy?: string;
  DnsConfig?: DnsConfig;
  HostAliase?: { Ip: string; Hostname: string[] }[];
  HostName?: string;
  NtpServer?: string[];
  Tag: Tag[];
  ImageRegistryCredential?: { Server: string; UserName: string; Password: string }[];
  Volume?: Volume[];
  Container: Container[];
  InitContainer?: Container[];
  ClientToken?: string;
  DryRun?: boolean;
  MaxPendingMinute?: number;
  ShareProcessNamespace?: boolean;
  /** The safe sysctls (SAFE_SYSCTLS). */
  SecurityContext?: { Sysctl?: Sysctl[] };
  /** The unsafe sysctls ECI allows (isHostSysctl). */
  HostSecurityContext?: { Sysctl?: Sysctl[] };
}

export interface Sysctl {
  Name: string;
  Value: string;
}

export type ContainerGroupStatusName =
  | 'Scheduling'
  | 'ScheduleFailed'
  | 'Pending'
  | 'Running'
  | 'Restarting'
  | 'Updating'
  | 'Terminating'
  | 'Succeeded'
  | 'Failed'
  | 'Expired';

export const TERMINAL_STATUSES: ReadonlySet<ContainerGroupStatusName> = new Set([
  'Succeeded',
  'Failed',
  'Expired',
  'ScheduleFailed',
]);

export interface ContainerState {
  State: 'Waiting' | 'Running' | 'Terminated';
  Reason?: string;
  Message?: string;
  DetailStatus?: string;
  ExitCode?: number;
  Signal?: number;
  StartTime?: string;
  FinishTime?: string;
}

export interface EciEvent {
  Type: 'Normal' | 'Warning';
  Reason: string;
  Message: string;
  Count: number;
  FirstTimestamp: string;
  LastTimestamp: string;
  /** The involved object, e.g. the container name when the event is about one container. */
  Name?: string;
}

/**
 * One entry of DescribeContainerGroupEvents's `Data[]`: the group, the pod it stands for (as in the
 * status record) and its newest events.
 */
export interface ContainerGroupEvents {
  ContainerGroupId: string;
  Name?: string;
  Namespace?: string;
  uuid?: string;
  Annotations?: string;
  Events: EciEvent[];
}

/**
 * Kubernetes-shaped status as DescribeContainerGroupStatus returns it: exactly the fields of the
 * SDK's `DescribeContainerGroupStatusResponseBodyData` model, nothing more, so the controller cannot
 * lean on a field the real API lacks. Two spellings differ on the wire and are mapped at both ends
 * (simulator/openapi/wire.ts, alibaba/wire.ts): conditions use lower-case `type`, `status`,
 * `lastTransitionTime`, and `Running.StartedAt` is `Running.StartedAtstartedAt`, as the API metadata
 * behind every official SDK spells it.
 */
export interface EciContainerStateDetail {
  Running?: { StartedAt?: string };
  Waiting?: { Reason?: string; Message?: string };
  Terminated?: {
    ExitCode: number;
    Reason?: string;
    Message?: string;
    Signal?: number;
    StartedAt?: string;
    FinishedAt?: string;
    ContainerID?: string;
  };
}

/** No ContainerID here: the model has one only inside `Terminated`. */
export interface EciPodContainerStatus {
  Name: string;
  Image?: string;
  ImageID?: string;
  Ready: boolean;
  Started?: boolean;
  RestartCount: number;
  State: EciContainerStateDetail;
  LastState?: EciContainerStateDetail;
}

/** No InitContainerStatuses: the status call reports app containers only (init ones: DescribeContainerGroups). */
export interface EciPodStatus {
  Phase: string;
  Conditions: {
    Type: string;
    Status: string;
    Reason?: string;
    Message?: string;
    LastTransitionTime?: string;
  }[];
  ContainerStatuses: EciPodContainerStatus[];
  PodIp?: string;
  PodIps?: { Ip: string }[];
  HostIp?: string;
  StartTime?: string;
  QosClass?: string;
}

/**
 * One entry of DescribeContainerGroupStatus's `Data[]`. No ZoneId and no Events: events come from
 * DescribeContainerGroupEvents, a group's zone from DescribeContainerGroups.
 */
export interface ContainerGroupStatusRecord {
  ContainerGroupId: string;
  /** The container group's name. */
  Name: string;
  /** The Kubernetes namespace of the pod behind the group (`default` when there is none). */
  Namespace?: string;
  Status: ContainerGroupStatusName;
  /** The pod's UID when the group stands for a pod, else the group's own UUID. */
  uuid?: string;
  /** The group's annotations, JSON-encoded as a string (`{"k":"v"}`). */
  Annotations?: string;
  PodStatus: EciPodStatus;
}

/**
 * UpdateContainerGroup's changes: what is given replaces the group's; anything the containers see
 * (containers, volumes, DNS, spec) restarts the group as `Updating`. Under UpdateType RenewUpdate
 * (ECI's default) a list is replaced whole and each item must be given in full; IncrementalUpdate
 * changes only the fields given.
 */
export interface UpdateContainerGroupPatch {
  UpdateType?: 'RenewUpdate' | 'IncrementalUpdate';
  Tag?: Tag[];
  RestartPolicy?: RestartPolicy;
  Cpu?: number;
  Memory?: number;
  Container?: (Partial<Container> & { Name: string })[];
  InitContainer?: (Partial<Container> & { Name: string })[];
  Volume?: Volume[];
  DnsConfig?: DnsConfig;
  ResourceGroupId?: string;
}
