import * as eciSdk from '@alicloud/eci20180808';
import type {
  CreateImageCacheRequest,
  CreateImageCacheResult,
  ImageCache,
  ImageCacheMatchQuery,
} from '../eci-api/index.js';
import { chunks, MAX_IDS, type EciCaller } from './caller.js';
import { list, nonEmpty, num, obj, toListedEvent } from './wire.js';

/**
 * The image-cache actions through the official SDK, read from the raw JSON under the wire names of
 * `DescribeImageCachesResponseBodyImageCaches` (wire.ts says why), as the rest of the backend is.
 */

/** One cache of DescribeImageCaches; empty fields are left out. */
export function toImageCache(raw: unknown): ImageCache {
  const c = obj(raw);
  const cache: ImageCache = {
    ImageCacheId: nonEmpty(c.ImageCacheId) ?? '',
    ImageCacheName: nonEmpty(c.ImageCacheName) ?? '',
    Status: nonEmpty(c.Status) ?? '',
    Images: list(c.Images).filter((i): i is string => typeof i === 'string'),
    Events: list(c.Events).map(toListedEvent),
  };
  const progress = nonEmpty(c.Progress);
  const size = num(c.ImageCacheSize);
  const created = nonEmpty(c.CreationTime);
  const expires = nonEmpty(c.ExpireDateTime);
  if (progress !== undefined) cache.Progress = progress;
  if (size !== undefined) cache.ImageCacheSize = size;
  if (created !== undefined) cache.CreationTime = created;
  if (expires !== undefined) cache.ExpireDateTime = expires;
  return cache;
}

export async function createImageCache(
  caller: EciCaller,
  regionId: string,
  request: CreateImageCacheRequest,
): Promise<CreateImageCacheResult> {
  const body = await caller.call(
    {
      action: 'CreateImageCache',
      model: eciSdk.CreateImageCacheRequest,
      invoke: (c, r, rt) => c.createImageCacheWithOptions(r, rt),
      // Only a ClientToken makes a repeated create after a lost answer the same cache.
      idempotent: request.ClientToken !== '',
    },
    { ...request, RegionId: request.RegionId || regionId },
  );
  return { ImageCacheId: nonEmpty(body.ImageCacheId) ?? '', RequestId: nonEmpty(body.RequestId) ?? '' };
}

/** Every page of one DescribeImageCaches query. */
async function describePages(caller: EciCaller, query: object): Promise<ImageCache[]> {
  const out: ImageCache[] = [];
  const seen = new Set<string>();
  let NextToken: string | undefined;
  do {
    const body = await caller.call(
      {
        action: 'DescribeImageCaches',
        model: eciSdk.DescribeImageCachesRequest,
        invoke: (c, r, rt) => c.describeImageCachesWithOptions(r, rt),
        idempotent: true,
      },
      { ...query, Limit: 100, NextToken },
    );
    out.push(...list(body.ImageCaches).map(toImageCache));
    NextToken = nonEmpty(body.NextToken);
    if (NextToken !== undefined && seen.has(NextToken)) break; // a repeated token would loop forever
    if (NextToken !== undefined) seen.add(NextToken);
  } while (NextToken !== undefined);
  return out;
}

/** By ID, 20 a call (comma-separated, as the action takes `ImageCacheId`), every page. */
export async function describeImageCaches(
  caller: EciCaller,
  regionId: string,
  imageCacheIds: string[],
): Promise<ImageCache[]> {
  const out: ImageCache[] = [];
  for (const chunk of chunks(imageCacheIds, MAX_IDS)) {
    out.push(...(await describePages(caller, { RegionId: regionId, ImageCacheId: (chunk ?? []).join(',') })));
  }
  return out;
}

/** By `MatchImage.N` (with ImageFullMatch or ImageMatchCountRequest when asked), every page. */
export function matchImageCaches(
  caller: EciCaller,
  regionId: string,
  query: ImageCacheMatchQuery,
): Promise<ImageCache[]> {
  return describePages(caller, { RegionId: regionId, ...query });
}

export async function deleteImageCache(
  caller: EciCaller,
  regionId: string,
  imageCacheId: string,
): Promise<void> {
  await caller.call(
    {
      action: 'DeleteImageCache',
      model: eciSdk.DeleteImageCacheRequest,
      invoke: (c, r, rt) => c.deleteImageCacheWithOptions(r, rt),
      idempotent: true,
    },
    { RegionId: regionId, ImageCacheId: imageCacheId },
  );
}
