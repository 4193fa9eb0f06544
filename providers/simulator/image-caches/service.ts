import { BackendError } from '../../backend.js';
import type { Tag } from '../../eci-api/index.js';
import type { SimContext } from '../context.js';
import { invalidParameter } from '../errors.js';
import { hasTags } from '../store.js';
import type { RequestGate } from '../faults.js';
import { ClientTokens } from '../tokens.js';
import { makeRoom, newCache, validateCacheInput, type ImageCacheInput } from './create.js';
import { repull, setRetention, startCache } from './lifecycle.js';
import { imageCacheNotFound, type SimImageCache } from './model.js';

export interface ImageCacheUpdate extends ImageCacheInput {
  ImageCacheId: string;
}

/** DescribeImageCaches filters (every one given must match). */
export interface ImageCacheFilter {
  ImageCacheIds?: string[];
  ImageCacheName?: string;
  SnapshotIds?: string[];
  /** Caches holding this image. */
  Image?: string;
  /** Caches holding any of these images; ImageFullMatch / ImageMatchCountRequest narrow it. */
  MatchImage?: string[];
  ImageFullMatch?: boolean;
  ImageMatchCountRequest?: number;
  ResourceGroupId?: string;
  Tags?: Tag[];
}

const TOKEN_MS = 24 * 3600_000;
/** DescribeImageCaches' MatchImage: "You can specify a maximum of 100 container images". */
const MAX_MATCH_IMAGES = 100;

/** How many of the filter's MatchImage images the cache holds. */
function hitsOf(c: SimImageCache, f: ImageCacheFilter): number {
  return f.MatchImage?.filter((i) => c.images.includes(i)).length ?? 0;
}

function matches(c: SimImageCache, f: ImageCacheFilter): boolean {
  const hits = hitsOf(c, f);
  return (
    (f.ImageCacheIds === undefined || f.ImageCacheIds.includes(c.id)) &&
    (f.ImageCacheName === undefined || c.name === f.ImageCacheName) &&
    (f.SnapshotIds === undefined || (c.snapshotId !== undefined && f.SnapshotIds.includes(c.snapshotId))) &&
    (f.Image === undefined || c.images.includes(f.Image)) &&
    (f.MatchImage === undefined || hits > 0) &&
    (f.MatchImage === undefined || f.ImageFullMatch !== true || hits === f.MatchImage.length) &&
    (f.MatchImage === undefined ||
      f.ImageMatchCountRequest === undefined ||
      hits >= f.ImageMatchCountRequest) &&
    (f.ResourceGroupId === undefined || c.resourceGroupId === f.ResourceGroupId) &&
    hasTags(c, f.Tags)
  );
}

/** CreateImageCache, DescribeImageCaches, UpdateImageCache, DeleteImageCache on the engine's caches. */
export class SimImageCaches {
  private readonly tokens = new ClientTokens();

  constructor(
    private readonly ctx: SimContext,
    private readonly gate: RequestGate,
  ) {}

  create(input: ImageCacheInput): Promise<{ ImageCacheId: string; ContainerGroupId: string }> {
    return this.gate.run('CreateImageCache', () => {
      validateCacheInput(input, true);
      const now = this.ctx.now();
      const known = input.ClientToken
        ? this.ctx.imageCaches.get(this.tokens.get(input.ClientToken, now) ?? '')
        : undefined;
      if (known) return { ImageCacheId: known.id, ContainerGroupId: known.containerGroupId };
      makeRoom(this.ctx, false);
      const cache = newCache(this.ctx, input, false);
      startCache(this.ctx, cache);
      if (input.ClientToken)
        this.tokens.remember(input.ClientToken, cache.id, now + this.ctx.lifetime(TOKEN_MS));
      return { ImageCacheId: cache.id, ContainerGroupId: cache.containerGroupId };
    });
  }

  /**
   * Copies, so a caller cannot change the engine's caches. With MatchImage, the best match first
   * (the page: MatchImage "queries the best-matching image caches"): most images held, then newest.
   */
  describe(filter: ImageCacheFilter = {}): Promise<SimImageCache[]> {
    return this.gate.run('DescribeImageCaches', () => {
      const asked = filter.MatchImage?.length ?? 0;
      if (asked > MAX_MATCH_IMAGES)
        throw invalidParameter(
          'MatchImage',
          `lists ${asked} images; at most ${MAX_MATCH_IMAGES} are allowed: match fewer images per call.`,
        );
      const found = [...this.ctx.imageCaches.values()].filter((c) => matches(c, filter));
      if (filter.MatchImage !== undefined)
        found.sort((a, b) => hitsOf(b, filter) - hitsOf(a, filter) || b.createdAt - a.createdAt);
      return found.map((c) => structuredClone(c));
    });
  }

  /**
   * Names, tags, retention and eviction change in place; new images pull again (Updating, then
   * Ready or UpdateFailed). Only a Ready or UpdateFailed cache can be updated.
   */
  update(input: ImageCacheUpdate): Promise<void> {
    return this.gate.run('UpdateImageCache', () => {
      const cache = this.get(input.ImageCacheId);
      validateCacheInput(input, false);
      if (cache.status !== 'Ready' && cache.status !== 'UpdateFailed') {
        throw new BackendError(
          'InvalidParameter',
          'ImageSnapshot.IncorrectStatus',
          `ImageCacheId: ${cache.id} is ${cache.status}; UpdateImageCache needs it Ready or UpdateFailed: wait, or delete it.`,
        );
      }
      if (input.ImageCacheName !== undefined) cache.name = input.ImageCacheName;
      if (input.ImageCacheSize !== undefined) cache.size = input.ImageCacheSize;
      if (input.EliminationStrategy !== undefined) cache.eliminationStrategy = input.EliminationStrategy;
      if (input.ResourceGroupId !== undefined) cache.resourceGroupId = input.ResourceGroupId;
      if (input.Tag !== undefined) cache.tags = input.Tag.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
      if (input.RetentionDays !== undefined) setRetention(this.ctx, cache, input.RetentionDays);
      if (input.Image !== undefined && input.Image.length) repull(this.ctx, cache, [...input.Image]);
      this.ctx.dirty();
    });
  }

  delete(imageCacheId: string): Promise<void> {
    return this.gate.run('DeleteImageCache', () => {
      this.get(imageCacheId);
      this.ctx.imageCaches.delete(imageCacheId);
      this.ctx.dirty();
    });
  }

  private get(id: string): SimImageCache {
    const cache = this.ctx.imageCaches.get(id);
    if (!cache) throw imageCacheNotFound(id);
    return cache;
  }
}
