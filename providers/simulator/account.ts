import { availableResources, type AvailableResourceQuery, type AvailableZone } from './available.js';
import type { SimContext } from './context.js';
import type { RequestGate } from './faults.js';

/** Region-level questions about the account: what can be placed where, and (usage.ts) quotas. */
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
}
