import { createHash } from 'node:crypto';
import * as eciSdk from '@alicloud/eci20180808';
import type {
  Backend,
  ContainerGroupMetrics,
  CreateResult,
  DescribeFilter,
  ExecChannel,
  ExecQuery,
  ExecSink,
  InteractiveExecQuery,
  LogQuery,
  StatusQuery,
  VSwitch,
} from '../backend.js';
import type {
  ContainerGroup,
  ContainerGroupEvents,
  ContainerGroupStatusRecord,
  CreateContainerGroupRequest,
  CreateImageCacheRequest,
  CreateImageCacheResult,
  ImageCache,
  ImageCacheMatchQuery,
  UpdateContainerGroupPatch,
  PriceInfo,
  PriceQuery,
} from '../eci-api/index.js';
import { chunks, EciCaller, MAX_IDS, type AlibabaBackendTuning, type CallSpec, type Json } from './caller.js';
import { connectExecSocket } from './exec-socket.js';
import { createImageCache, deleteImageCache, describeImageCaches, matchImageCaches } from './image-caches.js';
import { describeContainerGroupPrice } from './price.js';
import type { RawBodyEciClient } from './sdk-client.js';
import type { RawBodyVpcClient } from './vpc-client.js';
import { VSwitchLookup } from './vswitches.js';
import { list, toContainerGroup, toGroupEvents, toMetrics, toStatusRecord } from './wire.js';

export type { AlibabaBackendTuning } from './caller.js';

/**
 * The real ECI through the official SDK `@alicloud/eci20180808`, with retries, quotas and timeouts;
 * VPC's DescribeVSwitches through the official OpenAPI client under it, the same way (vswitches.ts).
 */
export class AlibabaBackend implements Backend {
  readonly name = 'alibaba';
  private readonly caller: EciCaller;
  private readonly vSwitches: VSwitchLookup;

  constructor(
    clients: { eci: RawBodyEciClient; vpc: RawBodyVpcClient },
    private readonly regionId: string,
    tuning: AlibabaBackendTuning = {},
  ) {
    this.caller = new EciCaller(clients.eci, this.name, tuning);
    this.vSwitches = new VSwitchLookup(clients.vpc, regionId, this.name, tuning);
  }

  private call<Req>(spec: CallSpec<Req>, wire: object): Promise<Json> {
    return this.caller.call(spec, wire);
  }

  private collect<Req>(
    spec: CallSpec<Req>,
    ids: string[] | undefined,
    request: (ids: string | undefined, nextToken: string | undefined) => object,
    itemsKey: string,
    paged = true,
  ): Promise<unknown[]> {
    return this.caller.collect(spec, ids, request, itemsKey, paged);
  }

  /** Status records or events: by IDs or by tags, changed within SinceSecond, 200 a page. */
  private collectChanged<Req>(spec: CallSpec<Req>, query: StatusQuery, paged: boolean): Promise<unknown[]> {
    return this.collect(
      spec,
      query.ContainerGroupIds,
      (ids, NextToken) => ({
        RegionId: this.regionId,
        ContainerGroupIds: ids,
        Tag: query.Tags,
        SinceSecond: query.SinceSecond,
        Limit: 200,
        NextToken,
      }),
      'Data',
      paged,
    );
  }

  async createContainerGroup(request: CreateContainerGroupRequest): Promise<CreateResult> {
    const body = await this.call(
      {
        action: 'CreateContainerGroup',
        model: eciSdk.CreateContainerGroupRequest,
        invoke: (c, r, rt) => c.createContainerGroupWithOptions(r, rt),
        // Without a ClientToken a repeated create after a lost answer could make a second group.
        idempotent: request.ClientToken !== undefined && request.ClientToken !== '',
      },
      { ...request, RegionId: request.RegionId || this.regionId },
    );
    return { ContainerGroupId: String(body.ContainerGroupId ?? ''), RequestId: String(body.RequestId ?? '') };
  }

  async deleteContainerGroup(containerGroupId: string): Promise<void> {
    await this.call(
      {
        action: 'DeleteContainerGroup',
        model: eciSdk.DeleteContainerGroupRequest,
        invoke: (c, r, rt) => c.deleteContainerGroupWithOptions(r, rt),
        idempotent: true,
      },
      { RegionId: this.regionId, ContainerGroupId: containerGroupId },
    );
  }

  /**
   * The ClientToken is the patch's digest: a retry after a lost answer is the same update, which ECI
   * does not apply twice (a second one would restart the group again).
   */
  async updateContainerGroup(containerGroupId: string, patch: UpdateContainerGroupPatch): Promise<void> {
    const ClientToken = createHash('sha256')
      .update(JSON.stringify([containerGroupId, patch]))
      .digest('hex')
      .slice(0, 64);
    await this.call(
      {
        action: 'UpdateContainerGroup',
        model: eciSdk.UpdateContainerGroupRequest,
        invoke: (c, r, rt) => c.updateContainerGroupWithOptions(r, rt),
        idempotent: true,
      },
      { RegionId: this.regionId, ContainerGroupId: containerGroupId, ClientToken, ...patch },
    );
  }

  async describeContainerGroups(filter: DescribeFilter): Promise<ContainerGroup[]> {
    const items = await this.collect(
      {
        action: 'DescribeContainerGroups',
        model: eciSdk.DescribeContainerGroupsRequest,
        invoke: (c, r, rt) => c.describeContainerGroupsWithOptions(r, rt),
        idempotent: true,
      },
      filter.ContainerGroupIds,
      (ids, NextToken) => ({
        RegionId: this.regionId,
        ContainerGroupIds: ids,
        ContainerGroupName: filter.ContainerGroupName,
        Status: filter.Status,
        Tag: filter.Tags,
        ZoneId: filter.ZoneId,
        Limit: MAX_IDS,
        NextToken,
        WithEvent: true,
      }),
      'ContainerGroups',
    );
    return items.map(toContainerGroup);
  }

  async describeContainerGroupStatus(query: StatusQuery): Promise<ContainerGroupStatusRecord[]> {
    const items = await this.collectChanged(
      {
        action: 'DescribeContainerGroupStatus',
        model: eciSdk.DescribeContainerGroupStatusRequest,
        invoke: (c, r, rt) => c.describeContainerGroupStatusWithOptions(r, rt),
        idempotent: true,
      },
      query,
      true,
    );
    return items.map(toStatusRecord);
  }

  async describeContainerGroupEvents(query: StatusQuery): Promise<ContainerGroupEvents[]> {
    const items = await this.collectChanged(
      {
        action: 'DescribeContainerGroupEvents',
        model: eciSdk.DescribeContainerGroupEventsRequest,
        invoke: (c, r, rt) => c.describeContainerGroupEventsWithOptions(r, rt),
        idempotent: true,
      },
      query,
      // The events answer has no NextToken (its model: Data, TotalCount, RequestId). Asked by IDs, as
      // the status poller does, a chunk is at most 20 groups, well within one answer of 200.
      false,
    );
    return items.map(toGroupEvents);
  }

  async describeContainerLog(query: LogQuery): Promise<string> {
    const body = await this.call(
      {
        action: 'DescribeContainerLog',
        model: eciSdk.DescribeContainerLogRequest,
        invoke: (c, r, rt) => c.describeContainerLogWithOptions(r, rt),
        idempotent: true,
        slow: true,
      },
      { RegionId: this.regionId, ...query },
    );
    return typeof body.Content === 'string' ? body.Content : '';
  }

  /** ExecContainerCommand. Running a command twice is not harmless: only throttling (refused up front) is retried. */
  private execCall(query: ExecQuery, mode: { Sync: boolean; TTY: boolean; Stdin?: boolean }): Promise<Json> {
    return this.call(
      {
        action: 'ExecContainerCommand',
        model: eciSdk.ExecContainerCommandRequest,
        invoke: (c, r, rt) => c.execContainerCommandWithOptions(r, rt),
        idempotent: false,
        slow: true,
      },
      {
        RegionId: this.regionId,
        ContainerGroupId: query.ContainerGroupId,
        ContainerName: query.ContainerName,
        Command: JSON.stringify(query.Command),
        ...mode,
      },
    );
  }

  async execContainerCommand(query: ExecQuery): Promise<string> {
    const body = await this.execCall(query, { Sync: true, TTY: false });
    return typeof body.SyncResponse === 'string' ? body.SyncResponse : '';
  }

  /** ExecContainerCommand without Sync answers a WebSocketUri; the session runs over it. */
  async openExec(query: InteractiveExecQuery, sink: ExecSink): Promise<ExecChannel> {
    const body = await this.execCall(query, { Sync: false, TTY: query.TTY, Stdin: query.Stdin });
    if (typeof body.WebSocketUri !== 'string' || body.WebSocketUri === '') {
      throw new Error('ExecContainerCommand answered no WebSocketUri for an interactive session');
    }
    return connectExecSocket(body.WebSocketUri, sink);
  }

  async describeMetrics(containerGroupIds: string[]): Promise<ContainerGroupMetrics[]> {
    const out: ContainerGroupMetrics[] = [];
    for (const chunk of chunks(containerGroupIds, MAX_IDS)) {
      if (!chunk || chunk.length === 0) continue;
      const body = await this.call(
        {
          action: 'DescribeMultiContainerGroupMetric',
          model: eciSdk.DescribeMultiContainerGroupMetricRequest,
          invoke: (c, r, rt) => c.describeMultiContainerGroupMetricWithOptions(r, rt),
          idempotent: true,
        },
        { RegionId: this.regionId, ContainerGroupIds: JSON.stringify(chunk) },
      );
      out.push(...list(body.MonitorDatas).map(toMetrics));
    }
    return out;
  }

  describeVSwitches(vSwitchIds: string[]): Promise<VSwitch[]> {
    return this.vSwitches.describeVSwitches(vSwitchIds);
  }

  describeContainerGroupPrice(query: PriceQuery): Promise<PriceInfo> {
    return describeContainerGroupPrice(this.caller, this.regionId, query);
  }

  createImageCache(request: CreateImageCacheRequest): Promise<CreateImageCacheResult> {
    return createImageCache(this.caller, this.regionId, request);
  }

  describeImageCaches(imageCacheIds: string[]): Promise<ImageCache[]> {
    return describeImageCaches(this.caller, this.regionId, imageCacheIds);
  }

  matchImageCaches(query: ImageCacheMatchQuery): Promise<ImageCache[]> {
    return matchImageCaches(this.caller, this.regionId, query);
  }

  deleteImageCache(imageCacheId: string): Promise<void> {
    return deleteImageCache(this.caller, this.regionId, imageCacheId);
  }

  async close(): Promise<void> {
    // The SDK keeps no sockets of its own beyond Node's shared agents: nothing to release.
  }
}
