import * as eciSdk from '@alicloud/eci20180808';
import type {
  Backend,
  ContainerGroupMetrics,
  CreateResult,
  DescribeFilter,
  ExecQuery,
  LogQuery,
  StatusQuery,
} from '../backend.js';
import type { BackendError } from '../backend.js';
import type {
  ContainerGroup,
  ContainerGroupStatusRecord,
  CreateContainerGroupRequest,
  EciEvent,
} from '../eci.js';
import { backendRetries } from '../metrics.js';
import { logger } from '../../src/log.js';
import { toBackendError } from './errors.js';
import { toSdkRequest, type SdkModelClass } from './models.js';
import { acquire, eciQuotas, type Limiter } from './rate-limit.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
import type { RawBodyEciClient, SdkRuntime } from './sdk-client.js';
import { list, obj, toContainerGroup, toEvent, toMetrics, toStatusRecord } from './wire.js';

export interface AlibabaBackendTuning {
  retry?: Partial<RetryPolicy>;
  /** ECI's flow-control quotas enforced client-side (default on). */
  rateLimits?: boolean;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  /** Exec and log calls run longer than describes. */
  slowReadTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** ECI takes up to 20 IDs per call and pages DescribeContainerGroups by 20, status/events by 200. */
const MAX_IDS = 20;

type Json = Record<string, unknown>;
type Invoke<Req> = (client: RawBodyEciClient, request: Req, runtime: SdkRuntime) => Promise<unknown>;

interface CallSpec<Req> {
  action: string;
  model: SdkModelClass<Req>;
  invoke: Invoke<Req>;
  idempotent: boolean;
  slow?: boolean;
}

function chunks<T>(items: T[] | undefined, size: number): (T[] | undefined)[] {
  if (items === undefined) return [undefined];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The real ECI through the official SDK `@alicloud/eci20180808`, with retries, quotas and timeouts. */
export class AlibabaBackend implements Backend {
  readonly name = 'alibaba';
  private readonly limiters: Record<string, Limiter>;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly client: RawBodyEciClient,
    private readonly regionId: string,
    private readonly tuning: AlibabaBackendTuning = {},
  ) {
    this.limiters = tuning.rateLimits === false ? {} : eciQuotas();
    this.retry = { ...DEFAULT_RETRY, ...tuning.retry };
    this.sleep = tuning.sleep ?? sleepFor;
    this.random = tuning.random ?? Math.random;
    this.now = tuning.now ?? Date.now;
  }

  private runtime(slow: boolean): SdkRuntime {
    // A plain object: the SDK only reads these fields, and tea-util (its class) is not our dependency.
    return {
      autoretry: false,
      connectTimeout: this.tuning.connectTimeoutMs ?? 5_000,
      readTimeout: slow ? (this.tuning.slowReadTimeoutMs ?? 30_000) : (this.tuning.readTimeoutMs ?? 10_000),
    } as unknown as SdkRuntime;
  }

  private async call<Req>(spec: CallSpec<Req>, wire: object): Promise<Json> {
    const { model, extraQueries } = toSdkRequest(wire, spec.model);
    return withRetry(
      async () => {
        await acquire(this.limiters[spec.action], spec.action, this.now, this.sleep);
        const runtime = this.runtime(spec.slow ?? false);
        if (Object.keys(extraQueries).length > 0) {
          Object.assign(runtime, { extendsParameters: { queries: extraQueries } });
        }
        await spec.invoke(this.client, model, runtime);
        return obj(this.client.rawBody(runtime));
      },
      (err) => toBackendError(err, spec.action),
      {
        policy: this.retry,
        idempotent: spec.idempotent,
        sleep: this.sleep,
        random: this.random,
        onRetry: (err: BackendError, retry, delayMs) => {
          backendRetries.inc({ backend: this.name, action: spec.action, code: err.code });
          logger.warn('ECI call failed, retrying', {
            action: spec.action,
            code: err.code,
            requestId: err.requestId,
            retry,
            delayMs,
          });
        },
      },
    );
  }

  /** Every page of every ID chunk: one logical query, as many calls as ECI's limits need. */
  private async collect<Req>(
    spec: CallSpec<Req>,
    ids: string[] | undefined,
    request: (ids: string | undefined, nextToken: string | undefined) => object,
    itemsKey: string,
  ): Promise<unknown[]> {
    if (ids !== undefined && ids.length === 0) return [];
    const items: unknown[] = [];
    for (const chunk of chunks(ids, MAX_IDS)) {
      const seen = new Set<string>();
      let token: string | undefined;
      do {
        const body = await this.call(spec, request(chunk && JSON.stringify(chunk), token));
        items.push(...list(body[itemsKey]));
        token = typeof body.NextToken === 'string' && body.NextToken !== '' ? body.NextToken : undefined;
        if (token !== undefined && seen.has(token)) break; // a server repeating a token would loop forever
        if (token !== undefined) seen.add(token);
      } while (token !== undefined);
    }
    return items;
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
    const items = await this.collect(
      {
        action: 'DescribeContainerGroupStatus',
        model: eciSdk.DescribeContainerGroupStatusRequest,
        invoke: (c, r, rt) => c.describeContainerGroupStatusWithOptions(r, rt),
        idempotent: true,
      },
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
    );
    return items.map(toStatusRecord);
  }

  async describeContainerGroupEvents(
    query: StatusQuery,
  ): Promise<{ ContainerGroupId: string; Events: EciEvent[] }[]> {
    const items = await this.collect(
      {
        action: 'DescribeContainerGroupEvents',
        model: eciSdk.DescribeContainerGroupEventsRequest,
        invoke: (c, r, rt) => c.describeContainerGroupEventsWithOptions(r, rt),
        idempotent: true,
      },
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
    );
    return items.map((raw) => {
      const g = obj(raw);
      return { ContainerGroupId: String(g.ContainerGroupId ?? ''), Events: list(g.Events).map(toEvent) };
    });
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

  async execContainerCommand(query: ExecQuery): Promise<string> {
    const body = await this.call(
      {
        action: 'ExecContainerCommand',
        model: eciSdk.ExecContainerCommandRequest,
        invoke: (c, r, rt) => c.execContainerCommandWithOptions(r, rt),
        // Running a command twice is not harmless: only throttling (refused up front) is retried.
        idempotent: false,
        slow: true,
      },
      {
        RegionId: this.regionId,
        ContainerGroupId: query.ContainerGroupId,
        ContainerName: query.ContainerName,
        Command: JSON.stringify(query.Command),
        Sync: true,
        TTY: false,
      },
    );
    return typeof body.SyncResponse === 'string' ? body.SyncResponse : '';
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

  async close(): Promise<void> {
    // The SDK keeps no sockets of its own beyond Node's shared agents: nothing to release.
  }
}
