import { BackendError } from '../../backend.js';
import type { Tag } from '../../eci-api/index.js';
import type { SimContext } from '../context.js';
import { invalidParameter, missingParameter } from '../errors.js';
import { newContainerGroupId } from '../random.js';
import { validateCacheInstance } from '../validate.js';
import { newImageCacheId, type SimImageCache } from './model.js';

/** What CreateImageCache (and UpdateImageCache) take, in wire names. */
export interface ImageCacheInput {
  ImageCacheName?: string;
  Image?: string[];
  ImageCacheSize?: number;
  RetentionDays?: number;
  EliminationStrategy?: string;
  Flash?: boolean;
  SecurityGroupId?: string;
  VSwitchId?: string;
  ZoneId?: string;
  ResourceGroupId?: string;
  Tag?: Tag[];
  ClientToken?: string;
}

/**
 * Caches an account may keep: 50 made by CreateImageCache (the value in ListUsage's documented
 * example); the limit on automatically made ones is the simulator's (illustrative: also 50).
 */
export const IMAGE_CACHE_QUOTA = { manual: 50, auto: 50 };

const NAME = /^[a-z0-9][a-z0-9-]{0,126}[a-z0-9]$/;
const MAX_IMAGES = 20;
const DEFAULT_SIZE_GIB = 20;
/** The ImageCache API page: "imageCacheSize … Value range: 20 to 32768", "retentionDays … ranges from 1 to 65536". */
const SIZE_GIB = { min: 20, max: 32768 };
const RETENTION_DAYS = { min: 1, max: 65536 };

function inRange(n: number, range: { min: number; max: number }): boolean {
  return Number.isInteger(n) && n >= range.min && n <= range.max;
}

/** Checks the fields both Create and Update may carry; `creating` also requires what Create needs. */
export function validateCacheInput(input: ImageCacheInput, creating: boolean): void {
  if (creating) {
    for (const p of ['ImageCacheName', 'SecurityGroupId', 'VSwitchId'] as const)
      if (!input[p]) throw missingParameter(p);
    if (!input.Image?.length) throw missingParameter('Image.1');
  }
  if (input.ImageCacheName !== undefined && !NAME.test(input.ImageCacheName)) {
    throw invalidParameter(
      'ImageCacheName',
      `"${input.ImageCacheName}" is invalid: use 2-128 lower-case letters, digits and "-", not starting or ending with "-".`,
    );
  }
  if (input.Image !== undefined && input.Image.length > MAX_IMAGES)
    throw invalidParameter('Image', `lists ${input.Image.length} images; at most ${MAX_IMAGES} are allowed.`);
  const empty = input.Image?.findIndex((i) => i.trim() === '') ?? -1;
  if (empty >= 0) throw invalidParameter(`Image.${empty + 1}`, 'is empty: give an image such as nginx:1.27.');
  const { ImageCacheSize: size, RetentionDays: days } = input;
  if (size !== undefined && !inRange(size, SIZE_GIB))
    throw invalidParameter(
      'ImageCacheSize',
      `${size} is not a size in GiB: give a whole number from ${SIZE_GIB.min} to ${SIZE_GIB.max} (default ${DEFAULT_SIZE_GIB}).`,
    );
  if (days !== undefined && !inRange(days, RETENTION_DAYS))
    throw invalidParameter(
      'RetentionDays',
      `${days} is not a number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} (omit it to keep the cache).`,
    );
  if (input.EliminationStrategy !== undefined && !['', 'LRU'].includes(input.EliminationStrategy))
    throw invalidParameter(
      'EliminationStrategy',
      `"${input.EliminationStrategy}" is not LRU (or empty: never evicted).`,
    );
  validateCacheInstance(input);
}

/** Frees a slot at the quota: evicts the least recently used cache that allows it, else refuses. */
export function makeRoom(ctx: SimContext, auto: boolean): void {
  const kind = [...ctx.imageCaches.values()].filter((c) => c.auto === auto);
  const quota = auto ? IMAGE_CACHE_QUOTA.auto : IMAGE_CACHE_QUOTA.manual;
  if (kind.length < quota) return;
  const lastUse = (c: SimImageCache): number => c.lastMatchedAt ?? c.createdAt;
  const evictable = kind
    .filter((c) => auto || c.eliminationStrategy === 'LRU')
    .sort((a, b) => lastUse(a) - lastUse(b));
  const victim = evictable[0];
  if (victim === undefined) {
    throw new BackendError(
      'InvalidParameter',
      'QuotaExceeded',
      `ImageCacheName: this account already has ${quota} image caches (ListUsage MaxImageCacheCount): ` +
        'delete one (DeleteImageCache), or create caches with EliminationStrategy LRU so the least used is evicted.',
    );
  }
  ctx.imageCaches.delete(victim.id);
}

export function newCache(ctx: SimContext, input: ImageCacheInput, auto: boolean): SimImageCache {
  return {
    id: newImageCacheId(),
    name: input.ImageCacheName ?? '',
    images: [...(input.Image ?? [])],
    size: input.ImageCacheSize ?? DEFAULT_SIZE_GIB,
    status: 'Preparing',
    auto,
    containerGroupId: newContainerGroupId(),
    ...(input.Flash ? { flashSnapshotId: `s-flash-${newImageCacheId().slice(4)}` } : {}),
    createdAt: ctx.now(),
    retentionDays: input.RetentionDays,
    eliminationStrategy: input.EliminationStrategy ?? (auto ? 'LRU' : ''),
    resourceGroupId: input.ResourceGroupId,
    securityGroupId: input.SecurityGroupId ?? '',
    vSwitchId: input.VSwitchId ?? '',
    flash: input.Flash ?? false,
    tags: (input.Tag ?? []).map((t) => ({ Key: t.Key, Value: t.Value ?? '' })),
    events: [],
    epoch: 0,
  };
}
