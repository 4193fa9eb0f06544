import type { CreateImageCacheRequest, ImageCache } from '../../eci-api/index.js';
import { rfc3339 } from '../clock.js';
import type { ImageCacheInput } from './create.js';
import type { SimImageCache } from './model.js';

/**
 * The simulator's caches as the `Backend` hands them to the controller: the fields the alibaba
 * backend reads of DescribeImageCaches, with the values the OpenAPI action answers.
 */
export function toBackendImageCache(c: SimImageCache): ImageCache {
  return {
    ImageCacheId: c.id,
    ImageCacheName: c.name,
    Status: c.status,
    Progress: c.status === 'Ready' ? '100%' : '0%',
    Images: [...c.images],
    ImageCacheSize: c.size,
    CreationTime: rfc3339(c.createdAt),
    ...(c.expiresAt !== undefined ? { ExpireDateTime: rfc3339(c.expiresAt) } : {}),
    Events: c.events.map((e) => ({ ...e })),
  };
}

/**
 * What the engine acts on of a CreateImageCache request. Registry credentials, ACR instances and
 * plain-HTTP or self-signed registries are accepted and not acted on (no image is really pulled),
 * as the OpenAPI action ignores them.
 */
export function imageCacheInputOf(request: CreateImageCacheRequest): ImageCacheInput {
  return {
    ImageCacheName: request.ImageCacheName,
    Image: [...request.Image],
    ImageCacheSize: request.ImageCacheSize,
    RetentionDays: request.RetentionDays,
    Flash: request.Flash,
    SecurityGroupId: request.SecurityGroupId,
    VSwitchId: request.VSwitchId,
    ResourceGroupId: request.ResourceGroupId,
    ClientToken: request.ClientToken,
  };
}
