import { podPort, type PodPortAnswer } from './pod-network.js';
import { errorMessage, silentLogger } from '../logger.js';
import type {
  Backend,
  ContainerGroupMetrics,
  CreateResult,
  ExecChannel,
  ExecQuery,
  ExecSink,
  InteractiveExecQuery,
  LogQuery,
  MetricRecord,
  StatusQuery,
  VSwitch,
} from '../backend.js';
import { BackendError, vSwitchNotFound } from '../backend.js';
import type {
  ContainerGroup,
  ContainerGroupEvents,
  ContainerGroupStatusRecord,
  CreateImageCacheRequest,
  CreateImageCacheResult,
  ImageCache,
  ImageCacheMatchQuery,
  PriceInfo,
  PriceQuery,
} from '../eci-api/index.js';
import { SimAccount } from './account.js';
import { rfc3339, systemClock } from './clock.js';
import { metricSeries, type MetricWindow } from './metric-series.js';
import { onExited } from './containers.js';
import { SimContext, type Settings } from './context.js';
import { createGroup } from './create.js';
import type { CreateInput } from './defaults.js';
import { SimExecSessions } from './exec-sessions.js';
import { groupIdentity } from './identity.js';
import { handleDataCacheJob, isDataCacheJob } from './data-caches/lifecycle.js';
import { SimDataCaches } from './data-caches/service.js';
import { handleImageCacheJob, isImageCacheJob } from './image-caches/lifecycle.js';
import { SimImageCaches } from './image-caches/service.js';
import { imageCacheInputOf, toBackendImageCache } from './image-caches/backend-view.js';
import { SimOps } from './ops/service.js';
import { handleVirtualNodeJob, isVirtualNodeJob } from './virtual-nodes/lifecycle.js';
import { SimVirtualNodes } from './virtual-nodes/service.js';
import { checkExecCommand, groupNotFound, incorrectStatus, invalidParameter } from './errors.js';
import { RequestGate, type Faults } from './faults.js';
import { interpret } from './interpreter.js';
import { lookupsNow } from './lookups.js';
import { namesLookedUp } from './name-lookup.js';
import {
  deleteGroup,
  expire,
  handleJob,
  restartGroup,
  updateGroup,
  type UpdateContainerGroupPatch,
} from './lifecycle.js';
import { readLog } from './logs.js';
import { quote } from './pricing/quote.js';
import { groupMetrics } from './metrics.js';
import { findContainer, type SimContainer, type SimGroup } from './model.js';
import { settingsFrom, type RegionInfo, type SimDescribeFilter, type SimulatorOptions } from './options.js';
import { loadState, restoreState, snapshotState, StateSaver } from './persistence.js';
import { stopLog } from './phase.js';
import { describeGroups, selectGroups } from './queries.js';
import { seededRandom } from './random.js';
import { Scheduler } from './scheduler.js';
import { toContainerGroup } from './container-group.js';
import { toStatusRecord } from './status.js';
import { Stock, type Availability } from './stock.js';
import { Store } from './store.js';
import { ClientTokens } from './tokens.js';
import { defaultZones, Topology } from './topology.js';

/**
 * An in-memory ECI: the `Backend` contract plus what only a simulator has (RestartContainerGroup,
 * UpdateContainerGroup, DescribeRegions, and test controls: stock, faults, spot expiry, kills).
 * Every API call goes through the RequestGate (flow control, injected faults, RequestId).
 */
export class EciSimulator implements Backend {
  readonly name = 'simulator';
  readonly regionId: string;
  private readonly ctx: SimContext;
  private readonly gate: RequestGate;
  private readonly tokens = new ClientTokens();
  private readonly saver: StateSaver | undefined;
  /** DescribeAvailableResource and ListUsage, served over OpenAPI. */
  readonly account: SimAccount;
  /** The image-cache actions; CreateContainerGroup uses the caches. */
  readonly imageCaches: SimImageCaches;
  /** The data-cache actions; CreateContainerGroup mounts the caches (DataCacheBucket + HostPathVolume). */
  readonly dataCaches: SimDataCaches;
  /** The VNode actions: the resource and its lifecycle; no node joins any cluster. */
  readonly virtualNodes: SimVirtualNodes;
  /** Volume resize, CommitContainer and O&M tasks (coredump, tcpdump) on the engine's groups. */
  readonly ops: SimOps;
  /** Interactive ExecContainerCommand (Sync false): a session per call. */
  readonly execSessions: SimExecSessions;

  constructor(options: SimulatorOptions = {}) {
    this.regionId = options.regionId ?? 'cn-hangzhou';
    const settings = settingsFrom(options);
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    const random = seededRandom(options.seed ?? 1);
    const zones = options.zones ?? defaultZones(this.regionId);
    const topology = new Topology(this.regionId, zones, options.vSwitchZones, options.unlistedVSwitches);
    const dirty = (): void => this.saver?.markDirty();
    this.ctx = new SimContext(
      this.regionId,
      clock,
      new Store(),
      topology,
      new Stock(),
      random,
      settings,
      dirty,
    );
    this.ctx.resolver = options.nameResolver;
    this.ctx.services = options.serviceNetwork;
    this.ctx.scheduler = new Scheduler(
      clock,
      (job) =>
        isImageCacheJob(job)
          ? handleImageCacheJob(this.ctx, job)
          : isDataCacheJob(job)
            ? handleDataCacheJob(this.ctx, job)
            : isVirtualNodeJob(job)
              ? handleVirtualNodeJob(this.ctx, job)
              : handleJob(this.ctx, job),
      (err, job) => {
        logger.error('simulator transition failed', {
          containerGroupId: job.groupId,
          job: job.type,
          err: errorMessage(err),
        });
      },
    );
    this.gate = new RequestGate(clock, random);
    this.gate.faults = { ...options.faults };
    this.imageCaches = new SimImageCaches(this.ctx, this.gate);
    this.dataCaches = new SimDataCaches(this.ctx, this.gate);
    this.ops = new SimOps(this.ctx, this.gate);
    this.virtualNodes = new SimVirtualNodes(this.ctx, this.gate);
    this.execSessions = new SimExecSessions(this.ctx, this.gate);
    this.account = new SimAccount(this.ctx, this.gate);
    if (options.stateFile) {
      const saved = loadState(options.stateFile);
      if (saved) restoreState(this.ctx, this.tokens, saved);
      const onError = (err: unknown): void => {
        logger.error('simulator state save failed', { err: errorMessage(err) });
      };
      this.saver = new StateSaver(
        options.stateFile,
        clock,
        () => snapshotState(this.ctx, this.tokens),
        onError,
      );
    }
  }

  /** SecurityGroupId and VSwitchId may be omitted, as on ECI (see defaults.ts). */
  createContainerGroup(request: CreateInput): Promise<CreateResult> {
    return this.gate.run('CreateContainerGroup', (RequestId) => ({
      ContainerGroupId: createGroup(this.ctx, this.tokens, request),
      RequestId,
    }));
  }

  deleteContainerGroup(containerGroupId: string): Promise<void> {
    return this.gate.run('DeleteContainerGroup', () => deleteGroup(this.ctx, this.group(containerGroupId)));
  }

  describeContainerGroups(filter: SimDescribeFilter = {}): Promise<ContainerGroup[]> {
    return this.gate.run('DescribeContainerGroups', () =>
      describeGroups(this.ctx.store, filter, this.ctx.now()).map(toContainerGroup),
    );
  }

  describeContainerGroupStatus(query: StatusQuery = {}): Promise<ContainerGroupStatusRecord[]> {
    return this.gate.run('DescribeContainerGroupStatus', () =>
      selectGroups(this.ctx.store, query, this.ctx.now()).map(toStatusRecord),
    );
  }

  /** With SinceSecond, only the events added or repeated in the window ("for polling new events"). */
  describeContainerGroupEvents(query: StatusQuery = {}): Promise<ContainerGroupEvents[]> {
    return this.gate.run('DescribeContainerGroupEvents', () => {
      const now = this.ctx.now();
      // Event times have second precision: the window starts at the whole second it falls in.
      const since = query.SinceSecond === undefined ? undefined : rfc3339(now - query.SinceSecond * 1000);
      return selectGroups(this.ctx.store, query, now).map((g) => ({
        ContainerGroupId: g.id,
        Name: g.name,
        ...groupIdentity(g),
        Events: g.events
          .filter((e) => since === undefined || e.LastTimestamp >= since)
          .map((e) => ({ ...e })),
      }));
    });
  }

  describeContainerLog(query: LogQuery): Promise<string> {
    return this.gate.run('DescribeContainerLog', () => {
      const c = this.container(query.ContainerGroupId, query.ContainerName);
      if (!query.LastTime) return readLog(c.log, query, this.ctx.now());
      if (!c.previousLog) {
        throw invalidParameter(
          'LastTime',
          `container "${c.name}" has no previous instance (RestartCount ${c.restartCount}).`,
        );
      }
      return readLog(c.previousLog, query, this.ctx.now());
    });
  }

  /** ExecContainerCommand without Sync, run in process (no WebSocket in between). */
  openExec(query: InteractiveExecQuery, sink: ExecSink): Promise<ExecChannel> {
    return this.execSessions.run(query, sink);
  }

  /** ExecContainerCommand with Sync=true: the interpreter runs the command against the container's env and files. */
  async execContainerCommand(query: ExecQuery): Promise<string> {
    const { g, process } = await this.gate.run('ExecContainerCommand', () => {
      const g = this.group(query.ContainerGroupId);
      const c = this.container(query.ContainerGroupId, query.ContainerName);
      if (c.state.State !== 'Running') throw incorrectStatus(`${g.id}/${c.name}`, c.state.State, 'Running');
      checkExecCommand(query.Command);
      return { g, process: this.execSessions.processIn(g, c) };
    });
    const lookups = await lookupsNow(this.ctx, g, namesLookedUp(query.Command.join(' ')));
    const run = interpret(query.Command, { ...process, ...lookups }, 'exec');
    return [...run.lines, ...(run.repeat?.lines ?? [])].map((l) => `${l.text}\n`).join('');
  }

  /** One current record per known group; unknown IDs are skipped, as DescribeMultiContainerGroupMetric does. */
  describeMetrics(containerGroupIds: string[]): Promise<ContainerGroupMetrics[]> {
    return this.gate.run('DescribeContainerGroupMetric', () =>
      containerGroupIds.flatMap((id) => {
        const g = this.ctx.store.get(id);
        return g ? [{ ContainerGroupId: id, Records: [groupMetrics(g, this.ctx.now())] }] : [];
      }),
    );
  }

  /** DescribeContainerGroupMetric over a window (metric-series.ts); describeMetrics is the latest record. */
  metricSeries(containerGroupId: string, window: MetricWindow): Promise<MetricRecord[]> {
    return this.gate.run('DescribeContainerGroupMetric', () =>
      metricSeries(this.group(containerGroupId), window, this.ctx.now()),
    );
  }

  restartContainerGroup(containerGroupId: string): Promise<void> {
    return this.gate.run('RestartContainerGroup', () => restartGroup(this.ctx, this.group(containerGroupId)));
  }

  updateContainerGroup(containerGroupId: string, patch: UpdateContainerGroupPatch): Promise<void> {
    return this.gate.run('UpdateContainerGroup', () =>
      updateGroup(this.ctx, this.group(containerGroupId), patch),
    );
  }

  describeRegions(): Promise<RegionInfo[]> {
    const zones = this.ctx.topology.zones;
    return this.gate.run('DescribeRegions', () => [
      {
        RegionId: this.regionId,
        RegionEndpoint: `eci.${this.regionId}.aliyuncs.com`,
        Zones: [...zones],
        RecommendZones: [...zones],
      },
    ]);
  }

  /** VPC DescribeVSwitches by ID, as AlibabaBackend answers it: an ID VPC does not know is NotFound. */
  describeVSwitches(vSwitchIds: string[]): Promise<VSwitch[]> {
    return this.gate.run('DescribeVSwitches', () =>
      vSwitchIds.map((id) => {
        const found = this.ctx.topology.describe(id);
        if (!found) throw vSwitchNotFound(id, this.regionId);
        return found;
      }),
    );
  }

  /** Every vSwitch of the region so far: what DescribeVSwitches without VSwitchId lists. */
  listVSwitches(): Promise<VSwitch[]> {
    return this.gate.run('DescribeVSwitches', () => this.ctx.topology.list());
  }

  /** Prices from pricing/price-table.ts: official per-vCPU/GiB rates, illustrative instance-type and spot prices. */
  describeContainerGroupPrice(query: PriceQuery): Promise<PriceInfo> {
    return this.gate.run('DescribeContainerGroupPrice', () =>
      quote(query, this.regionId, this.ctx.topology.zones),
    );
  }

  /** CreateImageCache through the engine's caches (SimImageCaches): the ClientToken answers the same cache. */
  async createImageCache(request: CreateImageCacheRequest): Promise<CreateImageCacheResult> {
    const made = await this.imageCaches.create(imageCacheInputOf(request));
    return { ImageCacheId: made.ImageCacheId, RequestId: '' };
  }

  async describeImageCaches(imageCacheIds: string[]): Promise<ImageCache[]> {
    if (imageCacheIds.length === 0) return [];
    return (await this.imageCaches.describe({ ImageCacheIds: imageCacheIds })).map(toBackendImageCache);
  }

  async matchImageCaches(query: ImageCacheMatchQuery): Promise<ImageCache[]> {
    return (await this.imageCaches.describe(query)).map(toBackendImageCache);
  }

  deleteImageCache(imageCacheId: string): Promise<void> {
    return this.imageCaches.delete(imageCacheId);
  }

  // ---- test and fault controls (no flow control, no faults) ----

  /** Capacity of a zone for one spec (`2-4Gi` or an instance type), or without spec for every spec (resets per-spec entries). */
  setStock(zoneId: string, available: Availability, spec?: string): void {
    this.ctx.stock.set(zoneId, available, spec);
  }

  /** What a create finding no stock anywhere does from now on: fail (NoStock) or make a group that ends ScheduleFailed. */
  setNoStock(shows: Settings['noStock']): void {
    this.ctx.settings.noStock = shows;
  }

  /** Merges into the current faults; pass `{ errorRate: 0 }` etc. to turn one off. */
  setFaults(faults: Faults): void {
    this.gate.faults = { ...this.gate.faults, ...faults };
  }

  /** Reclaims a spot group now (event SpotToBeReleased, status Expired). */
  expireSpot(containerGroupId: string): void {
    expire(this.ctx, this.group(containerGroupId));
  }

  /** Makes a running container exit now, e.g. 137 with reason `OOMKilled`; the RestartPolicy then applies. */
  killContainer(containerGroupId: string, containerName: string, exitCode = 137, reason?: string): void {
    const g = this.group(containerGroupId);
    const c = this.container(containerGroupId, containerName);
    if (c.state.State !== 'Running') throw incorrectStatus(`${g.id}/${c.name}`, c.state.State, 'Running');
    c.instance++;
    stopLog(c.log, this.ctx.now());
    if (reason === 'OOMKilled') {
      this.ctx.event(g, {
        Type: 'Warning',
        Reason: 'OOMKilled',
        Message: `Container ${c.name} was OOM-killed`,
        Name: c.name,
      });
    }
    onExited(this.ctx, g, c, exitCode, reason);
  }

  /** What a connection from inside the VPC to a pod's address meets (pod-network.ts). */
  podPort(ip: string, port: number): PodPortAnswer {
    return podPort(this.ctx.store.groups.values(), ip, port);
  }

  /** Every group (admin and debugging views). */
  listContainerGroups(): ContainerGroup[] {
    return [...this.ctx.store.groups.values()].map(toContainerGroup);
  }

  /** Groups per status: a full scan, for benchmarks and debugging. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const g of this.ctx.store.groups.values()) out[g.status] = (out[g.status] ?? 0) + 1;
    return out;
  }

  /** Writes the state file now (no-op without stateFile). */
  async flushState(): Promise<void> {
    await this.saver?.flush();
  }

  async close(): Promise<void> {
    this.ctx.scheduler.close();
    await this.saver?.flush(true);
  }

  private group(id: string): SimGroup {
    const g = this.ctx.store.get(id);
    if (!g) throw groupNotFound(id);
    return g;
  }

  private container(groupId: string, name: string): SimContainer {
    const c = findContainer(this.group(groupId), name);
    if (!c) {
      throw new BackendError(
        'NotFound',
        'InvalidParameter.NotFound',
        `Container "${name}" is not in container group ${groupId}.`,
      );
    }
    return c;
  }
}
