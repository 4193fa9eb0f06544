import type { ImageCacheInput } from '../../image-caches/create.js';
import type { SimImageCache } from '../../image-caches/model.js';
import { pageById } from '../paging.js';
import {
  optBoolean,
  optClientToken,
  optInteger,
  optString,
  optTags,
  reqString,
  optStringList,
} from '../params.js';
import type { ActionContext, ActionHandler, ImageCacheControls } from '../types.js';
import type { WireObject } from '../unflatten.js';
import { cacheRecordToWire } from './cache-wire.js';
import { checkRegion, unsupported } from './common.js';

function caches(ctx: ActionContext, action: string): ImageCacheControls {
  if (!ctx.backend.imageCaches) throw unsupported(action);
  return ctx.backend.imageCaches;
}

/** A comma-separated list of IDs, as DescribeImageCaches takes ImageCacheId and SnapshotId. */
function optIdList(p: WireObject, name: string): string[] | undefined {
  return optString(p, name)
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function input(p: WireObject): ImageCacheInput {
  return {
    ImageCacheName: optString(p, 'ImageCacheName'),
    Image: optStringList(p, 'Image'),
    ImageCacheSize: optInteger(p, 'ImageCacheSize'),
    RetentionDays: optInteger(p, 'RetentionDays'),
    EliminationStrategy: typeof p.EliminationStrategy === 'string' ? p.EliminationStrategy : undefined,
    Flash: optBoolean(p, 'Flash'),
    SecurityGroupId: optString(p, 'SecurityGroupId'),
    VSwitchId: optString(p, 'VSwitchId'),
    ZoneId: optString(p, 'ZoneId'),
    ResourceGroupId: optString(p, 'ResourceGroupId'),
    Tag: optTags(p),
    ClientToken: optClientToken(p),
  };
}

/** A cache in the wire names of the SDK's DescribeImageCachesResponseBodyImageCaches; empty fields left out. */
function cacheToWire(c: SimImageCache, regionId: string): Record<string, unknown> {
  return {
    ImageCacheId: c.id,
    ImageCacheName: c.name,
    ImageCacheSize: c.size,
    Images: [...c.images],
    Status: c.status,
    Progress: c.status === 'Ready' ? '100%' : '0%',
    ...cacheRecordToWire(c, regionId),
    ...(c.flashSnapshotId ? { FlashSnapshotId: c.flashSnapshotId } : {}),
    ...(c.eliminationStrategy ? { EliminationStrategy: c.eliminationStrategy } : {}),
  };
}

export const createImageCache: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  return caches(ctx, 'CreateImageCache').create(input(p));
};

export const describeImageCaches: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const limit = optInteger(p, 'Limit', { min: 1, max: 100 }) ?? 20;
  const found = await caches(ctx, 'DescribeImageCaches').describe({
    ImageCacheIds: optIdList(p, 'ImageCacheId'),
    ImageCacheName: optString(p, 'ImageCacheName'),
    SnapshotIds: optIdList(p, 'SnapshotId'),
    Image: optString(p, 'Image'),
    MatchImage: optStringList(p, 'MatchImage'),
    ImageFullMatch: optBoolean(p, 'ImageFullMatch'),
    ImageMatchCountRequest: optInteger(p, 'ImageMatchCountRequest', { min: 1 }),
    ResourceGroupId: optString(p, 'ResourceGroupId'),
    Tags: optTags(p),
  });
  const page = pageById(found, (c) => c.id, limit, optString(p, 'NextToken'));
  return {
    ImageCaches: page.items.map((c) => cacheToWire(c, ctx.regionId)),
    TotalCount: page.totalCount,
    NextToken: page.nextToken,
  };
};

export const updateImageCache: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  await caches(ctx, 'UpdateImageCache').update({ ...input(p), ImageCacheId: reqString(p, 'ImageCacheId') });
  return {};
};

export const deleteImageCache: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  optClientToken(p);
  await caches(ctx, 'DeleteImageCache').delete(reqString(p, 'ImageCacheId'));
  return {};
};
