import type { Logger } from '../../logger.js';
import type { Backend, ExecChannel, ExecSink, MetricRecord, VSwitch } from '../../backend.js';
import type { MetricWindow } from '../metric-series.js';
import type { ContainerGroup } from '../../eci-api/index.js';
import type { Usage } from '../account.js';
import type { AvailableResourceQuery, AvailableZone } from '../available.js';
import type { ExecSession, ExecSessionQuery } from '../exec-sessions.js';
import type { DataCacheInput } from '../data-caches/create.js';
import type { SimDataCache } from '../data-caches/model.js';
import type {
  DataCacheCopy,
  DataCacheFilter,
  DataCacheRef,
  DataCacheUpdate,
} from '../data-caches/service.js';
import type { ImageCacheInput } from '../image-caches/create.js';
import type { SimImageCache } from '../image-caches/model.js';
import type { ImageCacheFilter, ImageCacheUpdate } from '../image-caches/service.js';
import type { CommitInput, CommitTaskView } from '../ops/commit.js';
import type { OpsRecordView } from '../ops/instance-ops.js';
import type { CommitTaskFilter, OpsTaskInput } from '../ops/service.js';
import type { ResizeVolumeInput } from '../ops/volumes.js';
import type { VirtualNodeInput } from '../virtual-nodes/create.js';
import type { SimVirtualNode } from '../virtual-nodes/model.js';
import type { VirtualNodeFilter, VirtualNodeUpdate } from '../virtual-nodes/service.js';
import type { WireObject } from './unflatten.js';

/** Fault injection knobs of the in-memory engine (every field optional: unset keeps the current value). */
export interface FaultSettings {
  /** 0..1: share of calls failing with ServiceUnavailable. */
  errorRate?: number;
  /** Added to every call. */
  latencyMs?: number;
  /** 0..1: share of calls that never answer within the client's timeout. */
  timeoutRate?: number;
  /** How long a timed-out call takes before it fails. */
  timeoutMs?: number;
  /** ECI's flow-control quotas on or off. */
  throttle?: boolean;
  /** UpdateContainerGroup answers InvalidParameter with this message ('' turns it off). */
  refuseUpdates?: string;
}

export interface RegionInfo {
  RegionId: string;
  RegionEndpoint?: string;
  Zones?: string[];
  RecommendZones?: string[];
}

/**
 * What the OpenAPI endpoint needs beyond `Backend`: the engine's extra actions and test controls.
 * All optional so any Backend can be served; a missing one answers `InvalidAction.NotFound`
 * (or 501 on the `/_sim/` admin routes).
 */
/** Region-level answers of the engine (DescribeAvailableResource, ListUsage). */
export interface AccountControls {
  describeAvailableResource(query: AvailableResourceQuery): Promise<AvailableZone[]>;
  listUsage(): Promise<Usage>;
}

/** CreateImageCache, DescribeImageCaches, UpdateImageCache, DeleteImageCache. */
export interface ImageCacheControls {
  create(input: ImageCacheInput): Promise<{ ImageCacheId: string; ContainerGroupId: string }>;
  describe(filter: ImageCacheFilter): Promise<SimImageCache[]>;
  update(input: ImageCacheUpdate): Promise<void>;
  delete(imageCacheId: string): Promise<void>;
}

/** ResizeContainerGroupVolume, CommitContainer, DescribeCommitContainerTask, CreateInstanceOpsTask, DescribeInstanceOpsRecords. */
export interface OpsControls {
  resizeVolume(input: ResizeVolumeInput): Promise<void>;
  commit(input: CommitInput): Promise<{ TaskId: string }>;
  describeCommitTasks(filter: CommitTaskFilter): Promise<CommitTaskView[]>;
  createOpsTask(input: OpsTaskInput): Promise<{ Result: string }>;
  describeOpsRecords(containerGroupId: string, opsType: string): Promise<OpsRecordView[]>;
}

/** CreateDataCache, DescribeDataCaches, UpdateDataCache, DeleteDataCache, CopyDataCache. */
export interface DataCacheControls {
  create(input: DataCacheInput): Promise<{ DataCacheId: string }>;
  describe(filter: DataCacheFilter): Promise<SimDataCache[]>;
  update(input: DataCacheUpdate): Promise<void>;
  delete(ref: DataCacheRef): Promise<void>;
  copy(input: DataCacheCopy): Promise<{ DataCacheId: string }>;
}

/** CreateVirtualNode, DescribeVirtualNodes, UpdateVirtualNode, DeleteVirtualNode. */
export interface VirtualNodeControls {
  create(input: VirtualNodeInput): Promise<{ VirtualNodeId: string }>;
  describe(filter: VirtualNodeFilter): Promise<SimVirtualNode[]>;
  update(input: VirtualNodeUpdate): Promise<void>;
  delete(virtualNodeId: string): Promise<void>;
}

/** Interactive exec: ExecContainerCommand without Sync opens one; its URL looks it up. */
export interface ExecSessionControls {
  open(query: ExecSessionQuery): Promise<ExecSession>;
  get(token: string): ExecSession | undefined;
  /** Runs the session a URL names (once). */
  attach(token: string, sink: ExecSink): ExecChannel;
}

export interface SimulatorControls {
  account?: AccountControls;
  imageCaches?: ImageCacheControls;
  dataCaches?: DataCacheControls;
  virtualNodes?: VirtualNodeControls;
  ops?: OpsControls;
  execSessions?: ExecSessionControls;
  restartContainerGroup?(containerGroupId: string): unknown;
  /** DescribeContainerGroupMetric's records over a window (throws InvalidParameter for a bad one). */
  metricSeries?(containerGroupId: string, window: MetricWindow): MetricRecord[] | Promise<MetricRecord[]>;
  describeRegions?(): unknown;
  setStock?(zoneId: string, available: number | 'unlimited', spec?: string): unknown;
  setFaults?(faults: FaultSettings): unknown;
  setNoStock?(shows: 'error' | 'scheduleFailed'): unknown;
  /** Every vSwitch of the region: DescribeVSwitches without VSwitchId. */
  listVSwitches?(): readonly VSwitch[] | Promise<readonly VSwitch[]>;
  /** Every group the engine holds, bypassing throttling and faults (for `/_sim/groups`). */
  listContainerGroups?(): readonly ContainerGroup[] | Promise<readonly ContainerGroup[]>;
}

export type ServedBackend = Backend & SimulatorControls;

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface OpenApiServerOptions {
  credentials: AccessKey[];
  regionId: string;
  /** Clock for signature timestamps (tests). */
  now?: () => number;
  /** Where failed requests are logged (default: nowhere). */
  logger?: Logger;
}

/** What an action handler gets: parameters unflattened and coerced, the backend, the region served. */
export interface ActionContext {
  backend: ServedBackend;
  regionId: string;
  /** The Host the request was sent to: URLs handed back (exec sessions) point at it. */
  host?: string;
}

/** Returns the response body without RequestId (the server adds it). */
export type ActionHandler = (params: WireObject, ctx: ActionContext) => Promise<Record<string, unknown>>;
