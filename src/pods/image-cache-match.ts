import type { Backend } from '../../providers/backend.js';
import type { Clock } from '../../providers/clock.js';
import type { CreateContainerGroupRequest, ImageCache } from '../../providers/eci-api/index.js';
import type { ImageCacheMatch } from '../translate/index.js';

/**
 * How long one answer serves every pod with the same images: a Deployment's burst asks ECI once
 * (DescribeImageCaches has a quota of its own), and a cache made Ready meanwhile is seen this late.
 */
export const MATCH_REUSE_MS = 10_000;
/** Distinct image sets remembered at once; the oldest answer goes first. */
const MAX_REMEMBERED = 256;

/** How many of the match's images the cache holds. */
function held(cache: ImageCache, match: ImageCacheMatch): number {
  return match.images.filter((i) => cache.Images.includes(i)).length;
}

/**
 * The Ready cache holding at least `match.atLeast` of the images: the one holding most, then the
 * newest (ECI's matching order: match degree first, then creation time). Checked here even though
 * the query asks ECI the same, so a wider answer never pins a cache the pod did not ask for.
 */
export function bestImageCache(caches: ImageCache[], match: ImageCacheMatch): ImageCache | undefined {
  let best: ImageCache | undefined;
  let bestHeld = 0;
  for (const cache of caches) {
    if (cache.Status !== 'Ready') continue;
    const n = held(cache, match);
    if (n < match.atLeast) continue;
    const newer = (cache.CreationTime ?? '') > (best?.CreationTime ?? '');
    if (best === undefined || n > bestHeld || (n === bestHeld && newer)) {
      best = cache;
      bestHeld = n;
    }
  }
  return best;
}

/** The request to send, with what the pod's events should say of the match. */
export interface PinnedRequest {
  request: CreateContainerGroupRequest;
  reason: 'ImageCacheMatched' | 'ImageCacheNotMatched';
  message: string;
}

/** The request with the match applied: the cache pinned, or none and no automatic match. */
export function pinImageCache(
  request: CreateContainerGroupRequest,
  match: ImageCacheMatch,
  cache: Pick<ImageCache, 'ImageCacheId'> | undefined,
): PinnedRequest {
  const { AutoMatchImageCache: _auto, ...rest } = request;
  const asked =
    match.atLeast === match.images.length
      ? `all ${match.images.length} images of the pod`
      : `at least ${match.atLeast} of the pod's ${match.images.length} images`;
  if (cache) {
    return {
      request: { ...rest, ImageSnapshotId: cache.ImageCacheId },
      reason: 'ImageCacheMatched',
      message: `Image cache ${cache.ImageCacheId} holds ${asked} (${match.askedBy}): sent as ImageSnapshotId`,
    };
  }
  // ECI's automatic match would also take a cache holding fewer images, which the pod refused.
  return {
    request: { ...rest, AutoMatchImageCache: false },
    reason: 'ImageCacheNotMatched',
    message:
      `No Ready image cache holds ${asked} (${match.askedBy}): created without an image cache. ` +
      'Create one holding them (an ImageCache object, or CreateImageCache) for the next pods',
  };
}

/** Finds and pins the cache a pod asked for, asking ECI once per image set and MATCH_REUSE_MS. */
export class ImageCacheMatcher {
  private readonly answers = new Map<string, { at: number; cache?: ImageCache }>();

  constructor(
    private readonly backend: Pick<Backend, 'matchImageCaches'>,
    private readonly clock: Clock,
  ) {}

  async pin(request: CreateContainerGroupRequest, match: ImageCacheMatch): Promise<PinnedRequest> {
    return pinImageCache(request, match, await this.find(match));
  }

  private async find(match: ImageCacheMatch): Promise<ImageCache | undefined> {
    const key = `${match.atLeast}\n${[...match.images].sort().join('\n')}`;
    const now = this.clock.now();
    const known = this.answers.get(key);
    if (known && now - known.at < MATCH_REUSE_MS) return known.cache;
    const caches = await this.backend.matchImageCaches({
      MatchImage: match.images,
      ...(match.atLeast === match.images.length
        ? { ImageFullMatch: true }
        : { ImageMatchCountRequest: match.atLeast }),
    });
    const cache = bestImageCache(caches, match);
    this.answers.delete(key);
    this.answers.set(key, { at: now, cache });
    if (this.answers.size > MAX_REMEMBERED) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
    return cache;
  }
}
