import type { DataCacheInput } from '../../data-caches/create.js';
import type { SimDataCache } from '../../data-caches/model.js';
import { ApiError, invalidParameter } from '../errors.js';
import { pageById } from '../paging.js';
import { optClientToken, optInteger, optString, optTags, reqString, optStringList } from '../params.js';
import type { ActionContext, ActionHandler, DataCacheControls } from '../types.js';
import type { WireObject } from '../unflatten.js';
import { cacheRecordToWire } from './cache-wire.js';
import { checkRegion, isWireObject, unsupported } from './common.js';

function caches(ctx: ActionContext, action: string): DataCacheControls {
  if (!ctx.backend.dataCaches) throw unsupported(action);
  return ctx.backend.dataCaches;
}

/** `DataSource.Type` and `DataSource.Options.<key>=<value>` (a string→string map with the client's keys). */
function optDataSource(p: WireObject): DataCacheInput['DataSource'] {
  const v = p.DataSource;
  if (v === undefined) return undefined;
  if (!isWireObject(v))
    throw invalidParameter('DataSource', v, 'expected DataSource.Type and DataSource.Options.<key>');
  const options = v.Options;
  if (options !== undefined && !isWireObject(options))
    throw invalidParameter('DataSource.Options', options, 'expected DataSource.Options.<key>=<value>');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (typeof value !== 'string')
      throw invalidParameter(`DataSource.Options.${key}`, value, 'expected a single string value');
    out[key] = value;
  }
  return { Type: optString(v, 'Type'), Options: out };
}

function input(p: WireObject): DataCacheInput {
  return {
    Bucket: optString(p, 'Bucket'),
    Path: optString(p, 'Path'),
    Name: optString(p, 'Name'),
    Size: optInteger(p, 'Size'),
    RetentionDays: optInteger(p, 'RetentionDays'),
    DataSource: optDataSource(p),
    SecurityGroupId: optString(p, 'SecurityGroupId'),
    VSwitchId: optString(p, 'VSwitchId'),
    EipInstanceId: optString(p, 'EipInstanceId'),
    ResourceGroupId: optString(p, 'ResourceGroupId'),
    Tag: optTags(p),
    ClientToken: optClientToken(p),
  };
}

/**
 * A cache in the wire names of the SDK's DescribeDataCachesResponseBodyDataCaches; empty fields
 * left out. The model types DataSource.Options as a string: the options map as JSON.
 */
function cacheToWire(c: SimDataCache, regionId: string): Record<string, unknown> {
  return {
    DataCacheId: c.id,
    Name: c.name,
    Bucket: c.bucket,
    Path: c.path,
    Size: c.size,
    Status: c.status,
    Progress: c.status === 'Available' ? '100%' : '0%',
    DataSource: { Type: c.dataSource.Type, Options: JSON.stringify(c.dataSource.Options) },
    ...cacheRecordToWire(c, regionId),
  };
}

export const createDataCache: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  return caches(ctx, 'CreateDataCache').create(input(p));
};

export const describeDataCaches: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  // The reference: Limit defaults to 20, which is also its maximum.
  const limit = optInteger(p, 'Limit', { min: 1, max: 20 }) ?? 20;
  const found = await caches(ctx, 'DescribeDataCaches').describe({
    DataCacheIds: optStringList(p, 'DataCacheId'),
    Bucket: optString(p, 'Bucket'),
    Path: optString(p, 'Path'),
    ResourceGroupId: optString(p, 'ResourceGroupId'),
    Tags: optTags(p),
  });
  const page = pageById(found, (c) => c.id, limit, optString(p, 'NextToken'));
  return {
    DataCaches: page.items.map((c) => cacheToWire(c, ctx.regionId)),
    TotalCount: page.totalCount,
    NextToken: page.nextToken,
  };
};

export const updateDataCache: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  await caches(ctx, 'UpdateDataCache').update({ ...input(p), DataCacheId: reqString(p, 'DataCacheId') });
  return {};
};

export const deleteDataCache: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  optClientToken(p);
  await caches(ctx, 'DeleteDataCache').delete({
    DataCacheId: optString(p, 'DataCacheId'),
    Bucket: optString(p, 'Bucket'),
    Path: optString(p, 'Path'),
  });
  return {};
};

/**
 * The simulator serves one region: a copy into it (RegionId = DestinationRegionId) is made; a copy
 * into another region could never be seen, so it is refused rather than silently dropped.
 */
export const copyDataCache: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const destination = reqString(p, 'DestinationRegionId');
  if (destination !== ctx.regionId) {
    throw new ApiError(
      400,
      'InvalidRegionId',
      `DestinationRegionId: "${destination}" is not served here; this endpoint simulates only "${ctx.regionId}": ` +
        `copy within "${ctx.regionId}" (to another Bucket or Path), or call that region's endpoint.`,
    );
  }
  const { Bucket, Path, Name, RetentionDays, ResourceGroupId, Tag, ClientToken } = input(p);
  return caches(ctx, 'CopyDataCache').copy({
    DataCacheId: reqString(p, 'DataCacheId'),
    DestinationRegionId: destination,
    ...{ Bucket, Path, Name, RetentionDays, ResourceGroupId, Tag, ClientToken },
  });
};
