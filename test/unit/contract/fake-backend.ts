import {
  BackendError,
  type Backend,
  type ContainerGroupMetrics,
  type CreateResult,
  type DescribeFilter,
  type ExecChannel,
  type ExecQuery,
  type LogQuery,
  type StatusQuery,
  type VSwitch,
  vSwitchNotFound,
} from '../../../providers/backend.js';
import type {
  ContainerGroup,
  ContainerGroupStatusRecord,
  CreateContainerGroupRequest,
  EciEvent,
  PriceInfo,
  PriceQuery,
  Tag,
  UpdateContainerGroupPatch,
} from '../../../providers/eci-api/index.js';

/**
 * A tiny in-memory Backend for the OpenAPI server's tests: groups are Running as soon as they are
 * created, the rest is just enough to exercise every action over the wire.
 */
export class FakeBackend implements Backend {
  readonly name = 'fake';
  readonly groups = new Map<string, ContainerGroup & { changedAt: number }>();
  readonly tokens = new Map<string, string>();
  stock: number | 'unlimited' = 'unlimited';
  restarted: string[] = [];
  /** Every create request as the backend received it. */
  readonly requests: CreateContainerGroupRequest[] = [];
  private seq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async createContainerGroup(request: CreateContainerGroupRequest): Promise<CreateResult> {
    this.requests.push(request);
    if (request.ClientToken && this.tokens.has(request.ClientToken)) {
      return { ContainerGroupId: this.tokens.get(request.ClientToken) ?? '', RequestId: 'fake' };
    }
    if (!/^[a-z0-9]([a-z0-9-]{0,126}[a-z0-9])?$/.test(request.ContainerGroupName ?? '')) {
      throw new BackendError(
        'InvalidParameter',
        'InvalidParameter',
        `ContainerGroupName ${JSON.stringify(request.ContainerGroupName)} is invalid`,
      );
    }
    if (this.stock !== 'unlimited') {
      if (this.stock <= 0) throw new BackendError('NoStock', 'OperationDenied.NoStock', 'no stock in zone');
      this.stock -= 1;
    }
    const id = `eci-fake${String(++this.seq).padStart(6, '0')}`;
    const at = new Date(this.now()).toISOString();
    const event: EciEvent = {
      Type: 'Normal',
      Reason: 'Started',
      Message: 'started',
      Count: 1,
      FirstTimestamp: at,
      LastTimestamp: at,
      Name: request.Container[0]?.Name,
    };
    this.groups.set(id, {
      ContainerGroupId: id,
      ContainerGroupName: request.ContainerGroupName,
      RegionId: request.RegionId,
      ZoneId: request.ZoneId ?? `${request.RegionId}-b`,
      VSwitchId: request.VSwitchId,
      SecurityGroupId: request.SecurityGroupId,
      Status: 'Running',
      Cpu: request.Cpu ?? 2,
      Memory: request.Memory ?? 4,
      CreationTime: at,
      RestartPolicy: request.RestartPolicy,
      Tags: request.Tag ?? [],
      Events: [event],
      Containers: request.Container.map((c) => ({
        Name: c.Name,
        Image: c.Image,
        Ready: true,
        RestartCount: 0,
        CurrentState: { State: 'Running', StartTime: at },
      })),
      InitContainers: [],
      changedAt: this.now(),
    });
    if (request.ClientToken) this.tokens.set(request.ClientToken, id);
    return { ContainerGroupId: id, RequestId: 'fake' };
  }

  private get(id: string): ContainerGroup & { changedAt: number } {
    const g = this.groups.get(id);
    if (!g)
      throw new BackendError('NotFound', 'InvalidParameter.NotFound', `container group ${id} not found`);
    return g;
  }

  async deleteContainerGroup(id: string): Promise<void> {
    this.get(id);
    this.groups.delete(id);
  }

  /** Only images change here: enough for the contract's in-place update. */
  async updateContainerGroup(id: string, patch: UpdateContainerGroupPatch): Promise<void> {
    const g = this.get(id);
    for (const c of g.Containers) c.Image = patch.Container?.find((p) => p.Name === c.Name)?.Image ?? c.Image;
    g.changedAt = this.now();
  }

  private select(ids: string[] | undefined, tags: Tag[] | undefined) {
    return [...this.groups.values()].filter(
      (g) =>
        (!ids || ids.includes(g.ContainerGroupId)) &&
        (tags ?? []).every((t) => g.Tags.some((x) => x.Key === t.Key && x.Value === t.Value)),
    );
  }

  async describeContainerGroups(f: DescribeFilter): Promise<ContainerGroup[]> {
    return this.select(f.ContainerGroupIds, f.Tags)
      .filter(
        (g) =>
          (!f.ContainerGroupName || g.ContainerGroupName === f.ContainerGroupName) &&
          (!f.Status || g.Status === f.Status) &&
          (!f.ZoneId || g.ZoneId === f.ZoneId),
      )
      .map(({ changedAt: _c, ...g }) => g);
  }

  async describeContainerGroupStatus(q: StatusQuery): Promise<ContainerGroupStatusRecord[]> {
    const since = q.SinceSecond === undefined ? undefined : this.now() - q.SinceSecond * 1000;
    return this.select(q.ContainerGroupIds, q.Tags)
      .filter((g) => since === undefined || g.changedAt >= since)
      .map((g) => ({
        ContainerGroupId: g.ContainerGroupId,
        Name: g.ContainerGroupName,
        Status: g.Status,
        PodStatus: {
          Phase: 'Running',
          Conditions: [{ Type: 'Ready', Status: 'True', LastTransitionTime: g.CreationTime }],
          ContainerStatuses: g.Containers.map((c) => ({
            Name: c.Name,
            Image: c.Image,
            Ready: true,
            RestartCount: 0,
            State: { Running: { StartedAt: g.CreationTime } },
          })),
          PodIp: '192.168.0.10',
        },
      }));
  }

  async describeContainerGroupEvents(
    q: StatusQuery,
  ): Promise<{ ContainerGroupId: string; Events: EciEvent[] }[]> {
    return this.select(q.ContainerGroupIds, q.Tags).map((g) => ({
      ContainerGroupId: g.ContainerGroupId,
      Events: g.Events,
    }));
  }

  async describeContainerLog(q: LogQuery): Promise<string> {
    const g = this.get(q.ContainerGroupId);
    if (!g.Containers.some((c) => c.Name === q.ContainerName)) {
      throw new BackendError(
        'InvalidParameter',
        'InvalidParameter',
        `ContainerName ${q.ContainerName} is not in ${q.ContainerGroupId}`,
      );
    }
    const lines = ['line 1', 'line 2', 'line 3'];
    return lines.slice(q.Tail === undefined ? 0 : -q.Tail).join('\n') + '\n';
  }

  async openExec(): Promise<ExecChannel> {
    throw new BackendError('InvalidParameter', 'Unsupported', 'this fake runs no interactive exec');
  }

  async execContainerCommand(q: ExecQuery): Promise<string> {
    this.get(q.ContainerGroupId);
    return q.Command[0] === 'echo' ? `${q.Command.slice(1).join(' ')}\n` : '';
  }

  async describeMetrics(ids: string[]): Promise<ContainerGroupMetrics[]> {
    return ids.map((id) => {
      const g = this.get(id);
      return {
        ContainerGroupId: id,
        Records: [
          {
            Timestamp: new Date(this.now()).toISOString(),
            CPU: { UsageNanoCores: 1000, UsageCoreNanoSeconds: 5000, Limit: g.Cpu * 1000 },
            Memory: { UsageBytes: 1024, WorkingSet: 1000, Rss: 900, AvailableBytes: 4096 },
            Containers: g.Containers.map((c) => ({
              Name: c.Name,
              CPU: { UsageNanoCores: 1000, UsageCoreNanoSeconds: 5000 },
              Memory: { UsageBytes: 1024, WorkingSet: 1000, Rss: 900 },
            })),
          },
        ],
      };
    });
  }

  /** vSwitches named `vsw-…-<letter>` exist, in zone cn-hangzhou-<letter>; any other ID is NotFound. */
  async describeVSwitches(ids: string[]): Promise<VSwitch[]> {
    return ids.map((id) => {
      const letter = /^vsw-[a-z0-9-]*-([a-z])$/.exec(id)?.[1];
      if (!letter) throw vSwitchNotFound(id, 'cn-hangzhou');
      return {
        VSwitchId: id,
        ZoneId: `cn-hangzhou-${letter}`,
        VpcId: 'vpc-fake',
        CidrBlock: '10.0.0.0/24',
        Status: 'Available',
        AvailableIpAddressCount: 252,
      };
    });
  }

  /** One flat rate: 0.0001 a vCPU-second, nothing for memory; every price query is recorded. */
  readonly priceQueries: PriceQuery[] = [];
  async describeContainerGroupPrice(query: PriceQuery): Promise<PriceInfo> {
    this.priceQueries.push(query);
    const price = (query.Cpu ?? 2) * 0.0001;
    return {
      Price: { Currency: 'CNY', OriginalPrice: price, DiscountPrice: 0, TradePrice: price, DetailInfos: [] },
      SpotPrices: [],
    };
  }

  /** The OpenAPI server's image-cache actions go through `imageCaches`, not these. */
  async createImageCache(): Promise<never> {
    throw new BackendError('InvalidParameter', 'Unsupported', 'the fake backend has no image caches');
  }

  async describeImageCaches(): Promise<never> {
    throw new BackendError('InvalidParameter', 'Unsupported', 'the fake backend has no image caches');
  }

  async deleteImageCache(): Promise<never> {
    throw new BackendError('InvalidParameter', 'Unsupported', 'the fake backend has no image caches');
  }

  async matchImageCaches(): Promise<never> {
    throw new BackendError('InvalidParameter', 'Unsupported', 'the fake backend has no image caches');
  }

  async restartContainerGroup(id: string): Promise<void> {
    this.get(id);
    this.restarted.push(id);
  }

  setStock(_zoneId: string, available: number | 'unlimited'): void {
    this.stock = available;
  }

  async close(): Promise<void> {}
}
