import type { EciEvent, Tag } from '../../../eci-api/index.js';
import { rfc3339 } from '../../clock.js';

/** What an image cache and a data cache both keep: each made by an instance, kept as a snapshot. */
export interface CacheRecord {
  containerGroupId: string;
  createdAt: number;
  snapshotId?: string;
  expiresAt?: number;
  lastMatchedAt?: number;
  resourceGroupId?: string;
  tags: Tag[];
  events: EciEvent[];
}

/**
 * The fields DescribeImageCaches and DescribeDataCaches answer alike for a cache, in the wire names
 * both SDK response models give them; empty ones left out.
 */
export function cacheRecordToWire(c: CacheRecord, regionId: string): Record<string, unknown> {
  return {
    ContainerGroupId: c.containerGroupId,
    CreationTime: rfc3339(c.createdAt),
    RegionId: regionId,
    ...(c.snapshotId ? { SnapshotId: c.snapshotId } : {}),
    ...(c.expiresAt !== undefined ? { ExpireDateTime: rfc3339(c.expiresAt) } : {}),
    ...(c.lastMatchedAt !== undefined ? { LastMatchedTime: rfc3339(c.lastMatchedAt) } : {}),
    ...(c.resourceGroupId ? { ResourceGroupId: c.resourceGroupId } : {}),
    Tags: c.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    Events: eventsToWire(c.events),
  };
}

/** A resource's events (an image cache's, a data cache's, a VNode's) as their response models give them. */
export function eventsToWire(events: readonly EciEvent[]): Record<string, unknown>[] {
  return events.map((e) => ({
    Count: e.Count,
    FirstTimestamp: e.FirstTimestamp,
    LastTimestamp: e.LastTimestamp,
    Message: e.Message,
    Name: e.Name,
    Reason: e.Reason,
    Type: e.Type,
  }));
}
