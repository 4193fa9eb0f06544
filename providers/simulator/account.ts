import { TERMINAL_STATUSES } from '../eci-api/index.js';
import { availableResources, type AvailableResourceQuery, type AvailableZone } from './available.js';
import type { SimContext } from './context.js';
import type { RequestGate } from './faults.js';
import { DATA_CACHE_QUOTA } from './data-caches/create.js';
import { IMAGE_CACHE_QUOTA } from './image-caches/create.js';

/** ListUsage's Attributes: the keys the SDK model documents, each a number. */
export interface Usage {
  UsedCpu: number;
  MaxCpu: number;
  UsedImageCacheCount: number;
  MaxImageCacheCount: number;
  UsedAutoImageCacheCount: number;
  MaxAutoImageCacheCount: number;
  UsedDataCacheCount: number;
  MaxDataCacheCount: number;
}

/**
 * Illustrative limits (they vary by account on ECI): a vCPU quota far above what a test reaches,
 * reported and not enforced; data caches, 20 (enforced by CreateDataCache and CopyDataCache).
 */
export const ACCOUNT_LIMITS = { vCpu: 50_000, dataCaches: DATA_CACHE_QUOTA };

/** Region-level questions about the account: what can be placed where, and how much of the quotas is used. */
export class SimAccount {
  constructor(
    private readonly ctx: SimContext,
    private readonly gate: RequestGate,
  ) {}

  describeAvailableResource(query: AvailableResourceQuery): Promise<AvailableZone[]> {
    return this.gate.run('DescribeAvailableResource', () =>
      availableResources(this.ctx.stock, this.ctx.regionId, this.ctx.topology.zones, query),
    );
  }

  /** vCPUs of every group not yet ended, and caches made by hand and automatically. */
  listUsage(): Promise<Usage> {
    return this.gate.run('ListUsage', () => {
      let cpu = 0;
      for (const g of this.ctx.store.groups.values()) if (!TERMINAL_STATUSES.has(g.status)) cpu += g.cpu;
      let auto = 0;
      for (const c of this.ctx.imageCaches.values()) if (c.auto) auto++;
      return {
        UsedCpu: cpu,
        MaxCpu: ACCOUNT_LIMITS.vCpu,
        UsedImageCacheCount: this.ctx.imageCaches.size - auto,
        MaxImageCacheCount: IMAGE_CACHE_QUOTA.manual,
        UsedAutoImageCacheCount: auto,
        MaxAutoImageCacheCount: IMAGE_CACHE_QUOTA.auto,
        UsedDataCacheCount: this.ctx.dataCaches.size,
        MaxDataCacheCount: DATA_CACHE_QUOTA,
      };
    });
  }
}
