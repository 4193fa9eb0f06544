import { BackendError } from '../../backend.js';
import type { Tag } from '../../eci-api/index.js';
import type { SimContext } from '../context.js';
import { invalidParameter, missingParameter } from '../errors.js';
import { newContainerGroupId } from '../random.js';
import { validateCacheInstance } from '../validate.js';
import { DATA_SOURCE_TYPES, holds, newDataCacheId, type DataSource, type SimDataCache } from './model.js';

/** What CreateDataCache (and UpdateDataCache) take, in wire names. */
export interface DataCacheInput {
  Bucket?: string;
  Path?: string;
  Name?: string;
  Size?: number;
  RetentionDays?: number;
  DataSource?: { Type?: string; Options?: Record<string, string> };
  SecurityGroupId?: string;
  VSwitchId?: string;
  EipInstanceId?: string;
  ResourceGroupId?: string;
  Tag?: Tag[];
  ClientToken?: string;
}

/** ListUsage's MaxDataCacheCount (illustrative: ECI's default varies by account). */
export const DATA_CACHE_QUOTA = 20;
export const DEFAULT_BUCKET = 'default';
/** The reference: eci-system is ECI's own bucket and cannot be used. */
const RESERVED_BUCKET = 'eci-system';
const DEFAULT_SIZE_GIB = 20;

function checkSource(source: DataCacheInput['DataSource'], creating: boolean): void {
  if (source === undefined) {
    if (creating) throw missingParameter('DataSource.Type');
    return;
  }
  if (source.Type === undefined) throw missingParameter('DataSource.Type');
  if (!(DATA_SOURCE_TYPES as readonly string[]).includes(source.Type))
    throw invalidParameter(
      'DataSource.Type',
      `"${source.Type}" is not a data source type: use one of ${DATA_SOURCE_TYPES.join(', ')}.`,
    );
}

function positiveInteger(name: string, value: number | undefined, fix: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0))
    throw invalidParameter(name, `${value} ${fix}`);
}

/** Checks the fields both Create and Update may carry; `creating` also requires what Create needs. */
export function validateDataCacheInput(input: DataCacheInput, creating: boolean): void {
  if (creating) {
    // Path and Name follow the Chinese API reference, which marks both required.
    if (!input.Path) throw missingParameter('Path');
    if (!input.Name) throw missingParameter('Name');
  }
  if (input.Bucket === RESERVED_BUCKET)
    throw invalidParameter(
      'Bucket',
      `"${RESERVED_BUCKET}" is reserved for ECI: use another bucket (default "default").`,
    );
  if (input.Path !== undefined && !input.Path.startsWith('/'))
    throw invalidParameter('Path', `"${input.Path}" is not an absolute directory such as /model/test.`);
  positiveInteger('Size', input.Size, 'is not a size in GiB (default 20).');
  positiveInteger(
    'RetentionDays',
    input.RetentionDays,
    'is not a number of days >= 1 (omit it to keep the cache).',
  );
  checkSource(input.DataSource, creating);
  validateCacheInstance(input);
}

/** Refuses a cache past the account's quota (data caches are never evicted). */
export function checkQuota(ctx: SimContext): void {
  if (ctx.dataCaches.size < DATA_CACHE_QUOTA) return;
  throw new BackendError(
    'InvalidParameter',
    'QuotaExceeded',
    `DataCache: this account already has ${DATA_CACHE_QUOTA} data caches (ListUsage MaxDataCacheCount): ` +
      'delete one (DeleteDataCache) before creating or copying another.',
  );
}

/** Bucket + Path name the data a group mounts, so two caches cannot hold the same one. */
export function checkFree(ctx: SimContext, bucket: string, path: string, self?: string): void {
  const taken = [...ctx.dataCaches.values()].find((c) => c.id !== self && holds(c, bucket, path));
  if (!taken) return;
  throw new BackendError(
    'InvalidParameter',
    'DataCache.AlreadyExists',
    `Path: "${path}" in bucket "${bucket}" is already held by data cache ${taken.id}: ` +
      'use another Path or Bucket, or update that cache (UpdateDataCache).',
  );
}

export function toSource(source: DataCacheInput['DataSource']): DataSource {
  return { Type: source?.Type ?? 'URL', Options: { ...(source?.Options ?? {}) } };
}

export function newDataCache(ctx: SimContext, input: DataCacheInput): SimDataCache {
  return {
    id: newDataCacheId(),
    name: input.Name ?? '',
    bucket: input.Bucket ?? DEFAULT_BUCKET,
    path: input.Path ?? '/',
    size: input.Size ?? DEFAULT_SIZE_GIB,
    status: 'Creating',
    dataSource: toSource(input.DataSource),
    containerGroupId: newContainerGroupId(),
    createdAt: ctx.now(),
    retentionDays: input.RetentionDays,
    resourceGroupId: input.ResourceGroupId,
    securityGroupId: input.SecurityGroupId,
    vSwitchId: input.VSwitchId,
    eipInstanceId: input.EipInstanceId,
    tags: (input.Tag ?? []).map((t) => ({ Key: t.Key, Value: t.Value ?? '' })),
    events: [],
    epoch: 0,
  };
}
