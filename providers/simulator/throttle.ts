import type { Clock } from './clock.js';

export type ApiAction =
  | 'CreateContainerGroup'
  | 'DeleteContainerGroup'
  | 'DescribeContainerGroups'
  | 'DescribeContainerGroupStatus'
  | 'DescribeContainerGroupEvents'
  | 'DescribeContainerLog'
  | 'ExecContainerCommand'
  | 'DescribeContainerGroupMetric'
  | 'RestartContainerGroup'
  | 'UpdateContainerGroup'
  | 'DescribeRegions'
  | 'DescribeVSwitches'
  | 'DescribeContainerGroupPrice'
  | 'DescribeAvailableResource'
  | 'ListUsage'
  | 'CreateImageCache'
  | 'DescribeImageCaches'
  | 'UpdateImageCache'
  | 'DeleteImageCache'
  | 'CreateDataCache'
  | 'DescribeDataCaches'
  | 'UpdateDataCache'
  | 'DeleteDataCache'
  | 'CopyDataCache'
  | 'CreateVirtualNode'
  | 'DescribeVirtualNodes'
  | 'UpdateVirtualNode'
  | 'DeleteVirtualNode'
  | 'ResizeContainerGroupVolume'
  | 'CommitContainer'
  | 'DescribeCommitContainerTask'
  | 'CreateInstanceOpsTask'
  | 'DescribeInstanceOpsRecords';

interface Quota {
  burst: number;
  perSecond: number;
}

const perMinute = (n: number): Quota => ({ burst: n, perSecond: n / 60 });

/**
 * ECI flow control (reference §5): create and delete are token buckets of burst 100 refilled at
 * 20/s; the others are per-minute quotas, modelled as buckets of one minute's worth refilled evenly.
 */
export const ECI_QUOTAS: Partial<Record<ApiAction, Quota>> = {
  CreateContainerGroup: { burst: 100, perSecond: 20 },
  DeleteContainerGroup: { burst: 100, perSecond: 20 },
  DescribeContainerGroupStatus: perMinute(10000),
  DescribeContainerGroupEvents: perMinute(10000),
  DescribeContainerGroups: perMinute(2000),
  DescribeContainerGroupMetric: perMinute(2000),
  ExecContainerCommand: perMinute(500),
  DescribeContainerLog: perMinute(500),
  RestartContainerGroup: perMinute(500),
  UpdateContainerGroup: perMinute(500),
  // The ECI limits page lists it at 1,000 calls a minute.
  DescribeContainerGroupPrice: perMinute(1000),
};

export class TokenBuckets {
  private readonly buckets = new Map<ApiAction, { tokens: number; at: number }>();

  constructor(private readonly clock: Clock) {}

  /** Takes one token; false when the action is over its quota. */
  take(action: ApiAction): boolean {
    const quota = ECI_QUOTAS[action];
    if (!quota) return true;
    const now = this.clock.now();
    const b = this.buckets.get(action) ?? { tokens: quota.burst, at: now };
    b.tokens = Math.min(quota.burst, b.tokens + ((now - b.at) / 1000) * quota.perSecond);
    b.at = now;
    this.buckets.set(action, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
