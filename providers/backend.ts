import type {
  ContainerGroup,
  ContainerGroupEvents,
  ContainerGroupStatusName,
  ContainerGroupStatusRecord,
  CreateContainerGroupRequest,
  CreateImageCacheRequest,
  CreateImageCacheResult,
  ImageCache,
  ImageCacheMatchQuery,
  PriceInfo,
  PriceQuery,
  Tag,
  UpdateContainerGroupPatch,
} from './eci-api/index.js';

/**
 * What every backend error is, in terms the controller acts on:
 * - NotFound: the container group does not exist (deleted, expired, never created).
 * - NoStock: no capacity for the zone/spec: try the next spec or zone, retry later.
 * - Throttled, Unavailable: transient: retry with back-off.
 * - InvalidParameter: the request is wrong: retrying cannot help; tell the user.
 * - Unauthorized: credentials are wrong or missing.
 */
export type BackendErrorKind =
  'NotFound' | 'NoStock' | 'Throttled' | 'InvalidParameter' | 'Unavailable' | 'Unauthorized';

export class BackendError extends Error {
  constructor(
    readonly kind: BackendErrorKind,
    /** The ECI error code, e.g. `OperationDenied.NoStock`. */
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'BackendError';
  }

  get retryable(): boolean {
    return this.kind === 'Throttled' || this.kind === 'Unavailable' || this.kind === 'NoStock';
  }
}

export function isBackendError(err: unknown, kind?: BackendErrorKind): err is BackendError {
  return err instanceof BackendError && (kind === undefined || err.kind === kind);
}

export interface CreateResult {
  ContainerGroupId: string;
  RequestId: string;
}

export interface DescribeFilter {
  ContainerGroupIds?: string[];
  ContainerGroupName?: string;
  Status?: ContainerGroupStatusName;
  /** Every tag must match (server-side filter). */
  Tags?: Tag[];
  ZoneId?: string;
}

export interface StatusQuery {
  Tags?: Tag[];
  ContainerGroupIds?: string[];
  /** Only groups whose status changed within the last N seconds. */
  SinceSecond?: number;
}

export interface LogQuery {
  ContainerGroupId: string;
  ContainerName: string;
  Tail?: number;
  SinceSeconds?: number;
  /** RFC 3339 */
  StartTime?: string;
  LimitBytes?: number;
  Timestamps?: boolean;
  /** The previous instance of a restarted container. */
  LastTime?: boolean;
}

export interface ExecQuery {
  ContainerGroupId: string;
  ContainerName: string;
  Command: string[];
}

/** ExecContainerCommand without Sync: an interactive session (a WebSocketUri on ECI). */
export interface InteractiveExecQuery extends ExecQuery {
  TTY: boolean;
  Stdin: boolean;
}

/** How an interactive command ended: its exit code, or why it could not run or went away. */
export type ExecExit = { code: number } | { error: string };

/** Where an interactive session's output goes. `exit` is called once, last. */
export interface ExecSink {
  stdout(data: Buffer): void;
  stderr(data: Buffer): void;
  exit(result: ExecExit): void;
}

/** What the caller sends to an interactive session. */
export interface ExecChannel {
  stdin(data: Buffer): void;
  /** EOF on stdin. */
  endStdin(): void;
  resize(size: { Width: number; Height: number }): void;
  /** Ends the session from the caller's side (the client left); `exit` is not called after it. */
  close(): void;
}

/** CPU.Limit in millicores; Memory.Cache is page cache (usage minus RSS). */
export interface MetricRecord {
  Timestamp: string;
  CPU: { UsageNanoCores: number; UsageCoreNanoSeconds: number; Limit: number };
  Memory: { UsageBytes: number; WorkingSet: number; Rss: number; Cache?: number; AvailableBytes: number };
  Containers: {
    Name: string;
    CPU: { UsageNanoCores: number; UsageCoreNanoSeconds: number; Limit?: number };
    Memory: { UsageBytes: number; WorkingSet: number; Rss: number; Cache?: number; AvailableBytes?: number };
  }[];
  /** Cumulative counters since the instance started. */
  Network?: { Interfaces: NetworkInterfaceMetric[] };
}

export interface NetworkInterfaceMetric {
  Name: string;
  RxBytes: number;
  RxPackets: number;
  RxErrors: number;
  RxDrops: number;
  TxBytes: number;
  TxPackets: number;
  TxErrors: number;
  TxDrops: number;
}

export interface ContainerGroupMetrics {
  ContainerGroupId: string;
  Records: MetricRecord[];
}

/**
 * One vSwitch as VPC DescribeVSwitches (2016-04-28) reports it, in the wire names of the SDK's
 * response model `DescribeVSwitchesResponseBodyVSwitchesVSwitch`: what the controller reads of it.
 */
export interface VSwitch {
  VSwitchId: string;
  /** The zone ECI places a group in when it uses this vSwitch, e.g. `cn-hangzhou-k`. */
  ZoneId: string;
  VpcId: string;
  CidrBlock: string;
  /** `Available` or `Pending`. */
  Status: string;
  AvailableIpAddressCount: number;
}

/**
 * The error both backends give for a vSwitch VPC does not know. DescribeVSwitches itself answers an
 * empty list for such an ID; the code is the one VPC's by-ID actions (DescribeVSwitchAttributes) use.
 */
export function vSwitchNotFound(vSwitchId: string, regionId: string, requestId?: string): BackendError {
  return new BackendError(
    'NotFound',
    'InvalidVSwitchId.NotFound',
    `DescribeVSwitches: vSwitch ${JSON.stringify(vSwitchId)} does not exist in region ${regionId} ` +
      '(VPC found no vSwitch with that ID): check the ID in the VPC console, that the vSwitch is in ' +
      `${regionId}, and that the credentials may call vpc:DescribeVSwitches.`,
    requestId,
  );
}

/** The seam between the controller and ECI: the real cloud (SDK) or the simulator. */
export interface Backend {
  readonly name: string;
  /** Idempotent when `request.ClientToken` is set: the same token returns the same group. */
  createContainerGroup(request: CreateContainerGroupRequest): Promise<CreateResult>;
  deleteContainerGroup(containerGroupId: string): Promise<void>;
  /** Changes a Pending or Running group; what its containers see restarts it (status Updating). */
  updateContainerGroup(containerGroupId: string, patch: UpdateContainerGroupPatch): Promise<void>;
  /** Follows NextToken until every match is returned. */
  describeContainerGroups(filter: DescribeFilter): Promise<ContainerGroup[]>;
  /** The batched status call: one request serves many pods. Follows NextToken. */
  describeContainerGroupStatus(query: StatusQuery): Promise<ContainerGroupStatusRecord[]>;
  describeContainerGroupEvents(query: StatusQuery): Promise<ContainerGroupEvents[]>;
  describeContainerLog(query: LogQuery): Promise<string>;
  execContainerCommand(query: ExecQuery): Promise<string>;
  /** An interactive session; rejects (BackendError) when ECI refuses it, before any output. */
  openExec(query: InteractiveExecQuery, sink: ExecSink): Promise<ExecChannel>;
  describeMetrics(containerGroupIds: string[]): Promise<ContainerGroupMetrics[]>;
  /**
   * VPC DescribeVSwitches: one record per ID, in the order asked (the zone ECI uses for each
   * vSwitch). An ID VPC does not know is a NotFound `InvalidVSwitchId.NotFound` (vSwitchNotFound).
   */
  describeVSwitches(vSwitchIds: string[]): Promise<VSwitch[]>;
  /**
   * DescribeContainerGroupPrice: what a group of this spec costs (pay-as-you-go per second, spot
   * per hour). A bad spec is InvalidParameter. The controller's cost view asks once per spec.
   */
  describeContainerGroupPrice(query: PriceQuery): Promise<PriceInfo>;
  /** CreateImageCache; idempotent by `request.ClientToken` (the same token answers the same cache). */
  createImageCache(request: CreateImageCacheRequest): Promise<CreateImageCacheResult>;
  /** DescribeImageCaches by ID: the caches that exist, in no particular order (a missing one is left out). */
  describeImageCaches(imageCacheIds: string[]): Promise<ImageCache[]>;
  /**
   * DescribeImageCaches by `MatchImage`: the caches holding the group's images as the query asks,
   * in any status and order (the caller picks among them).
   */
  matchImageCaches(query: ImageCacheMatchQuery): Promise<ImageCache[]>;
  /** DeleteImageCache; a cache that does not exist is a NotFound `ImageSnapshot.NotFound`. */
  deleteImageCache(imageCacheId: string): Promise<void>;
  /** Releases timers and sockets. */
  close(): Promise<void>;
}
