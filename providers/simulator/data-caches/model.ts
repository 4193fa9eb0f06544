import { BackendError } from '../../backend.js';
import type { EciEvent, Tag } from '../../eci-api/index.js';
import { newContainerGroupId } from '../random.js';
import { normalizePath } from '../sim-fs.js';

/**
 * The statuses DescribeDataCaches documents: Creating (instance and disk made), Loading (data
 * pulled from the source), Available (snapshot made; the only usable one), Failed, and for an
 * update Updating then Available or UpdateFailed.
 */
export type DataCacheStatus = 'Creating' | 'Loading' | 'Available' | 'Failed' | 'Updating' | 'UpdateFailed';

/** The four source types CreateDataCache takes. */
export const DATA_SOURCE_TYPES = ['URL', 'NAS', 'OSS', 'SNAPSHOT'] as const;

/** Where the data comes from: a type and its free-form options (`url`, `server`, `path`, ...). */
export interface DataSource {
  Type: string;
  Options: Record<string, string>;
}

export interface SimDataCache {
  id: string;
  name: string;
  /** With `path`, what a group mounts (DataCacheBucket + a HostPathVolume's Path). */
  bucket: string;
  path: string;
  /** GiB; 20 unless asked otherwise. */
  size: number;
  status: DataCacheStatus;
  dataSource: DataSource;
  /** The intermediate instance that loaded the data (not listed as a container group). */
  containerGroupId: string;
  /** Set once the snapshot exists (Available). */
  snapshotId?: string;
  createdAt: number;
  lastMatchedAt?: number;
  expiresAt?: number;
  retentionDays?: number;
  resourceGroupId?: string;
  securityGroupId?: string;
  vSwitchId?: string;
  eipInstanceId?: string;
  tags: Tag[];
  events: EciEvent[];
  /** A source being loaded by an update; it replaces `dataSource` once loaded. */
  pending?: DataSource;
  /** Set on a copy: it is made from that cache's snapshot, not loaded from the source. */
  copiedFrom?: string;
  /** Bumped when a step restarts; jobs of an older epoch are ignored. */
  epoch: number;
}

/** `edc-` + 20 characters, like real data cache IDs (edc-bp1a7n7uawwwol******). */
export function newDataCacheId(): string {
  return `edc-${newContainerGroupId().slice('eci-'.length)}`;
}

/** Whether a cache holds `bucket` + `path` (`/data/models/` and `/data/models` are one directory). */
export function holds(cache: SimDataCache, bucket: string, path: string): boolean {
  return cache.bucket === bucket && normalizePath(cache.path) === normalizePath(path);
}

export function dataCacheNotFound(what: string): BackendError {
  return new BackendError(
    'NotFound',
    'DataCache.NotFound',
    `DataCacheId: ${what} does not exist (never created, deleted, or expired): list caches with DescribeDataCaches.`,
  );
}

/**
 * A cache not in a status the action needs. `kind` says whether asking again can succeed: a group
 * mounting a cache still Creating or Loading can be created once it is Available ('Unavailable').
 */
export function incorrectStatus(
  cache: SimDataCache,
  action: string,
  allowed: string,
  kind: 'InvalidParameter' | 'Unavailable' = 'InvalidParameter',
): BackendError {
  return new BackendError(
    kind,
    'DataCache.IncorrectStatus',
    `DataCacheId: ${cache.id} is ${cache.status}; ${action} needs it ${allowed}: wait (DescribeDataCaches), or delete it.`,
  );
}
