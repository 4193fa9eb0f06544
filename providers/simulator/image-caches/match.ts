import { BackendError } from '../../backend.js';
import { requestImages, type CreateContainerGroupRequest } from '../../eci-api/index.js';
import type { SimContext } from '../context.js';
import type { SimGroup } from '../model.js';
import { makeRoom, newCache } from './create.js';
import { startCache } from './lifecycle.js';
import { imageCacheNotFound, isReady, type SimImageCache } from './model.js';

/** The cache a CreateContainerGroup request uses, or that it will make (AutoMatchImageCache, no match). */
export interface CachePick {
  cache?: SimImageCache;
  autoCreate: boolean;
}

function pinned(ctx: SimContext, id: string): SimImageCache {
  const cache = ctx.imageCaches.get(id);
  if (!cache) {
    const err = imageCacheNotFound(id);
    throw new BackendError(
      err.kind,
      err.code,
      `ImageSnapshotId: "${id}" is not an image cache of this region: create it (CreateImageCache or the ` +
        'ImageCache CRD) and wait until it is Ready, or remove ImageSnapshotId (annotation k8s.aliyun.com/eci-imc-id).',
    );
  }
  if (!isReady(cache)) {
    // Not refused for good: a cache still Preparing or Creating becomes Ready, and a client retries.
    throw new BackendError(
      'Unavailable',
      'ImageSnapshot.IncorrectStatus',
      `ImageSnapshotId: image cache ${id} is ${cache.status}; only a Ready cache can be used: wait until DescribeImageCaches shows it Ready.`,
    );
  }
  return cache;
}

/**
 * Checked before anything is created, so a request naming a missing cache fails as on ECI
 * (ImageSnapshot.NotFound, 404). ImageSnapshotId wins over AutoMatchImageCache; automatic matching
 * takes the Ready cache holding most of the group's images, the newest on a tie.
 */
export function pickImageCache(ctx: SimContext, req: CreateContainerGroupRequest): CachePick {
  if (req.ImageSnapshotId) return { cache: pinned(ctx, req.ImageSnapshotId), autoCreate: false };
  if (!req.AutoMatchImageCache) return { autoCreate: false };
  const images = requestImages(req);
  let best: SimImageCache | undefined;
  let bestHits = 0;
  for (const cache of ctx.imageCaches.values()) {
    if (!isReady(cache)) continue;
    const hits = images.filter((i) => cache.images.includes(i)).length;
    if (hits > bestHits || (hits === bestHits && hits > 0 && best && cache.createdAt > best.createdAt)) {
      best = cache;
      bestHits = hits;
    }
  }
  return best ? { cache: best, autoCreate: false } : { autoCreate: true };
}

/**
 * Applies the pick to a new group: a hit makes its cached images present (no pull with
 * IfNotPresent, a short one with Always); a miss under AutoMatchImageCache makes a cache of the
 * group's images for the next groups. Event reasons follow ECI's image-cache events.
 */
export function useImageCache(ctx: SimContext, g: SimGroup, pick: CachePick): void {
  const images = requestImages(g.request);
  if (pick.cache) {
    const cache = pick.cache;
    cache.lastMatchedAt = ctx.now();
    g.cachedImages = images.filter((i) => cache.images.includes(i));
    g.pulledImages.push(...g.cachedImages);
    ctx.event(g, {
      Type: 'Normal',
      Reason: 'SuccessfulHitImageCache',
      Message: `Successfully hit image cache ${cache.id}, eci will be scheduled with this image cache.`,
    });
    return;
  }
  if (!pick.autoCreate) return;
  ctx.event(g, { Type: 'Normal', Reason: 'ImageCacheMissed', Message: 'Missed image cache.' });
  makeRoom(ctx, true);
  const name = `auto-${g.name}`.slice(0, 128).replace(/-+$/, '');
  const cache = newCache(
    ctx,
    { ImageCacheName: name, Image: images, SecurityGroupId: g.securityGroupId, VSwitchId: g.vSwitchId },
    true,
  );
  startCache(ctx, cache);
  ctx.event(g, {
    Type: 'Normal',
    Reason: 'ImageCacheAutoCreated',
    Message: `Image cache ${cache.id} is auto created for the images of this instance.`,
  });
}
