/**
 * Request parameters of the served actions that the emulator accepts and does not act on, each
 * with the reason; every other parameter of the SDK's request models is honoured (it changes what
 * the group does or is shown back by DescribeContainerGroups). An entry covers its sub-fields.
 */
const RAM_OWNER = "the gateway's RAM delegation parameters: one account per endpoint";
const NO_NETWORK = 'no network traffic is simulated';
const DATA_CACHE =
  'the disk made from a mounted data cache is not simulated beyond its data: its performance is checked, not acted on';
const CPU_OPTIONS = 'CPU topology is not simulated';
const HOOKS = 'lifecycle hooks are not run by the simulator';
const NO_REGISTRY = 'image pulls are simulated by image name; no registry is contacted';
const TERMINATION = 'termination messages are not simulated';
const OWNERS = {
  OwnerAccount: RAM_OWNER,
  OwnerId: RAM_OWNER,
  ResourceOwnerAccount: RAM_OWNER,
  ResourceOwnerId: RAM_OWNER,
};
const IMAGE_CACHE_NETWORK =
  'required and checked; the intermediate instance that pulls the images is not simulated, so nothing else uses it';
const IMAGE_CACHE = {
  AcrRegistryInfo: NO_REGISTRY,
  ImageRegistryCredential: `${NO_REGISTRY} (credentials are dropped, never stored)`,
  AutoMatchImageCache: 'layer reuse between caches is not simulated: every cache pulls all its images',
  EipInstanceId: 'pulls are simulated by image name; no network is used',
  FlashCopyCount: 'snapshot copies are not simulated: one snapshot serves any number of groups',
  StandardCopyCount: 'snapshot copies are not simulated: one snapshot serves any number of groups',
  SecurityGroupId: IMAGE_CACHE_NETWORK,
  VSwitchId: IMAGE_CACHE_NETWORK,
};

const DATA_CACHE_INSTANCE =
  'checked and kept with the cache; the intermediate instance that loads the data is not simulated, and no response field shows it';
const DATA_CACHE_NETWORK = {
  SecurityGroupId: DATA_CACHE_INSTANCE,
  VSwitchId: DATA_CACHE_INSTANCE,
  EipInstanceId: DATA_CACHE_INSTANCE,
  EipCreateParam: `${NO_NETWORK}: the intermediate instance gets no address`,
};

const VIRTUAL_NODE_KEPT = 'checked and kept with the node; no response field shows it';
/** What the node's kubelet would do in the user's cluster: the simulator registers no node. */
const VIRTUAL_NODE_KUBELET = {
  ClusterDNS: `${VIRTUAL_NODE_KEPT}; no kubelet runs, so no pod resolves with it`,
  ClusterDomain: `${VIRTUAL_NODE_KEPT}; no kubelet runs, so no pod searches it`,
  CustomResources: `${VIRTUAL_NODE_KEPT}; no node is registered to advertise them`,
};

const containerHooks = Object.fromEntries(
  ['PostStart', 'PreStop'].flatMap((when) =>
    [
      'Exec',
      'HttpGetHost',
      'HttpGetHttpHeader',
      'HttpGetPath',
      'HttpGetPort',
      'HttpGetScheme',
      'TcpSocketHost',
      'TcpSocketPort',
    ].map((field) => [`Container[].Lifecycle${when}Handler${field}`, HOOKS]),
  ),
);

export const IGNORED: Record<string, Record<string, string>> = {
  CreateContainerGroup: {
    ...OWNERS,
    ...containerHooks,
    'Container[].SecurityContextRunAsGroup':
      'process identity is not simulated and no response field shows it',
    'Container[].SecurityContextRunAsNonRoot':
      'process identity is not simulated and no response field shows it',
    'Container[].TerminationMessagePath': TERMINATION,
    'Container[].TerminationMessagePolicy': TERMINATION,
    'InitContainer[].TerminationMessagePath': TERMINATION,
    'InitContainer[].TerminationMessagePolicy': TERMINATION,
    'Volume[].HostPathVolume': 'there is no host; the response model has no field for the path',
    'Volume[].ConfigFileVolume.DefaultMode': 'file modes are not simulated',
    'Volume[].ConfigFileVolume.ConfigFileToPath[].Mode': 'file modes are not simulated',
    'Volume[].DiskVolume.DiskSize': 'disks are not simulated beyond their ID',
    AcrRegistryInfo: NO_REGISTRY,
    ImageRegistryCredential: `${NO_REGISTRY} (credentials are dropped, never stored)`,
    InsecureRegistry: NO_REGISTRY,
    PlainHttpRegistry: NO_REGISTRY,
    ImageAccelerateMode: 'image pulls take a fixed simulated time',
    DataCacheBurstingEnabled: DATA_CACHE,
    DataCachePL: DATA_CACHE,
    DataCacheProvisionedIops: DATA_CACHE,
    CpuOptionsCore: CPU_OPTIONS,
    CpuOptionsNuma: CPU_OPTIONS,
    CpuOptionsThreadsPerCore: CPU_OPTIONS,
    ContainerResourceView: 'the container resource view (lxcfs) is not simulated',
    CorePattern: 'core dumps are not simulated',
    OverheadReservationOption: 'resource overhead reservation is not simulated',
    OsType: 'the simulator runs Linux-shaped containers only',
    HostSecurityContext: 'there is no host to set sysctls on',
    DnsPolicy: 'no DNS is simulated and no response field shows the policy',
    NtpServer: 'no clock sync runs in simulated containers',
    ShareProcessNamespace: 'processes are simulated per container',
    TerminationGracePeriodSeconds: 'Terminating lasts a fixed simulated time',
    StrictSpot: 'spot stock is not modelled apart from pay-as-you-go stock',
    EipBandwidth: 'an EIP is an address only',
    EipCommonBandwidthPackage: 'an EIP is an address only',
    EipISP: 'an EIP is an address only',
    EgressBandwidth: NO_NETWORK,
    IngressBandwidth: NO_NETWORK,
    Ipv6GatewayBandwidth: NO_NETWORK,
    Ipv6GatewayBandwidthEnable: NO_NETWORK,
  },
  UpdateContainerGroup: {
    ...OWNERS,
    'Container[].LifecyclePostStartHandlerExec': HOOKS,
    'Container[].LifecyclePostStartHandlerHttpGetHost': HOOKS,
    'Container[].LifecyclePostStartHandlerHttpGetHttpHeaders': HOOKS,
    'Container[].LifecyclePostStartHandlerHttpGetPath': HOOKS,
    'Container[].LifecyclePostStartHandlerHttpGetPort': HOOKS,
    'Container[].LifecyclePostStartHandlerHttpGetScheme': HOOKS,
    'Container[].LifecyclePostStartHandlerTcpSocketHost': HOOKS,
    'Container[].LifecyclePostStartHandlerTcpSocketPort': HOOKS,
    'Container[].LifecyclePreStopHandlerExec': HOOKS,
    'Container[].LifecyclePreStopHandlerHttpGetHost': HOOKS,
    'Container[].LifecyclePreStopHandlerHttpGetHttpHeader': HOOKS,
    'Container[].LifecyclePreStopHandlerHttpGetPath': HOOKS,
    'Container[].LifecyclePreStopHandlerHttpGetPort': HOOKS,
    'Container[].LifecyclePreStopHandlerHttpGetScheme': HOOKS,
    'Container[].LifecyclePreStopHandlerTcpSocketHost': HOOKS,
    'Container[].LifecyclePreStopHandlerTcpSocketPort': HOOKS,
    'Volume[].HostPathVolume': 'there is no host; the response model has no field for the path',
    AcrRegistryInfo: NO_REGISTRY,
    ImageRegistryCredential: `${NO_REGISTRY} (credentials are dropped, never stored)`,
    ClientToken: 'checked (at most 64 ASCII characters) but not remembered: a repeated update applies again',
  },
  RestartContainerGroup: {
    ...OWNERS,
    ClientToken:
      'checked (at most 64 ASCII characters) but not remembered: a repeated restart restarts again',
  },
  DeleteContainerGroup: {
    ...OWNERS,
    ClientToken:
      'checked (at most 64 ASCII characters) but not remembered: deleting a deleted group answers InvalidParameter.NotFound',
  },
  DescribeContainerGroups: { ...OWNERS },
  DescribeContainerLog: { ...OWNERS },
  ExecContainerCommand: {
    ...OWNERS,
    Stdin: 'kept with the interactive session; a synchronous command reads no input',
  },
  DescribeContainerGroupMetric: {
    ...OWNERS,
    Period: 'one current record is answered per call, whatever the period',
  },
  DescribeMultiContainerGroupMetric: {
    ...OWNERS,
    ResourceGroupId: 'filter not applied here: every listed group is answered',
    MetricType: 'one current record with every metric is answered',
  },
  DescribeRegions: { ...OWNERS },
  DescribeContainerGroupPrice: {
    ...OWNERS,
    EphemeralStorage: 'accepted and not priced: no public price for temporary storage was found',
    SpotDuration: 'simulated spot prices do not depend on the protection period',
  },
  CreateImageCache: {
    ...OWNERS,
    ...IMAGE_CACHE,
    Annotations: 'a free-text comment no response field shows',
    InsecureRegistry: NO_REGISTRY,
    PlainHttpRegistry: NO_REGISTRY,
    ZoneId: 'the intermediate instance is not simulated, so it is placed nowhere',
  },
  UpdateImageCache: {
    ...OWNERS,
    ...IMAGE_CACHE,
    Flash: 'an existing cache keeps the snapshot kind it was made with',
    ClientToken: 'checked (at most 64 ASCII characters) but not remembered: a repeated update applies again',
  },
  DeleteImageCache: {
    ...OWNERS,
    ClientToken: 'checked but not remembered: deleting a deleted cache answers ImageSnapshot.NotFound',
  },
  DescribeImageCaches: { ...OWNERS },
  CreateDataCache: { ...OWNERS, ...DATA_CACHE_NETWORK },
  UpdateDataCache: {
    ...OWNERS,
    ...DATA_CACHE_NETWORK,
    ClientToken: 'checked (at most 64 ASCII characters) but not remembered: a repeated update applies again',
  },
  DeleteDataCache: {
    ...OWNERS,
    ClientToken: 'checked but not remembered: deleting a deleted cache answers DataCache.NotFound',
  },
  DescribeDataCaches: { ...OWNERS },
  CopyDataCache: { ...OWNERS },
  ResizeContainerGroupVolume: {
    ...OWNERS,
    ClientToken:
      'checked (at most 64 ASCII characters) but not remembered: a repeated resize to the same size succeeds anyway',
  },
  CommitContainer: {
    ...OWNERS,
    'Image.Author': 'no image is built: the author is not shown by DescribeCommitContainerTask',
    'Image.Message': 'no image is built: the message is not shown by DescribeCommitContainerTask',
    'AcrRegistryInfo.RegionId': `${NO_REGISTRY}; only InstanceId is checked (required for an Enterprise Edition host)`,
    'AcrRegistryInfo.ArnService': `${NO_REGISTRY}: no RAM role is assumed`,
    'AcrRegistryInfo.ArnUser': `${NO_REGISTRY}: no RAM role is assumed`,
    Arn: `${NO_REGISTRY}: no RAM role is assumed`,
  },
  DescribeCommitContainerTask: { ...OWNERS },
  CreateInstanceOpsTask: { ...OWNERS },
  DescribeInstanceOpsRecords: { ...OWNERS },
  ListUsage: { ...OWNERS },
  CreateVirtualNode: {
    ...OWNERS,
    ...VIRTUAL_NODE_KUBELET,
    Taint: `${VIRTUAL_NODE_KEPT}; no node is registered to carry them`,
    TlsBootstrapEnabled: `${VIRTUAL_NODE_KEPT}; no kubelet bootstraps a certificate`,
    ZoneId: `${VIRTUAL_NODE_KEPT} (checked against the region's zones)`,
  },
  UpdateVirtualNode: {
    ...OWNERS,
    ...VIRTUAL_NODE_KUBELET,
    ClientToken: 'checked (at most 64 ASCII characters) but not remembered: a repeated update applies again',
  },
  DescribeVirtualNodes: {
    ...OWNERS,
    ClientToken: 'checked (at most 64 ASCII characters); a read needs no idempotence',
  },
  DeleteVirtualNode: {
    ...OWNERS,
    ClientToken: 'checked but not remembered: deleting a deleted node answers VirtualNode.NotFound',
  },
  DescribeAvailableResource: {
    ...OWNERS,
    'SpotResource.SpotPriceLimit': 'spot stock is not modelled apart from pay-as-you-go stock',
    'SpotResource.SpotDuration': 'spot stock is not modelled apart from pay-as-you-go stock',
  },
};
