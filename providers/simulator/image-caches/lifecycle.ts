import { expireIfDue, keepFailed, setRetentionDays, type CacheKind } from '../cache-retention.js';
import { rfc3339 } from '../clock.js';
import { DELAYS, isUnpullable } from '../containers.js';
import type { SimContext } from '../context.js';
import { recordEvent, type NewEvent } from '../events.js';
import type { Job, JobType } from '../model.js';
import { newSnapshotId, type SimImageCache } from './model.js';

/** Realistic durations (seconds) of a cache's own steps, before speed scaling; pulls take DELAYS.pull each. */
export const CACHE_DELAYS = { preparing: 1, snapshot: 3 };

const CACHE_JOBS: ReadonlySet<JobType> = new Set(['cachePrepared', 'cachePulled', 'cacheExpired']);

export function isImageCacheJob(job: Job): boolean {
  return CACHE_JOBS.has(job.type);
}

function schedule(ctx: SimContext, cache: SimImageCache, ms: number, type: JobType): void {
  ctx.scheduler.after(ms, { type, groupId: cache.id, epoch: cache.epoch });
}

function event(ctx: SimContext, cache: SimImageCache, e: NewEvent): void {
  cache.events = recordEvent(cache.events, rfc3339(ctx.now()), { ...e, Name: cache.name });
}

/** Where this kind of cache is kept and the job that deletes it: the shared retention rules need both. */
const IMAGE_CACHES: CacheKind<SimImageCache> = {
  caches: (ctx) => ctx.imageCaches,
  expiredJob: 'cacheExpired',
};

/** RetentionDays counts from the cache's creation. */
export function setRetention(ctx: SimContext, cache: SimImageCache, days: number): void {
  setRetentionDays(ctx, IMAGE_CACHES, cache, days);
}

/** Keeps a new cache and starts it: Preparing, then the intermediate instance pulls its images. */
export function startCache(ctx: SimContext, cache: SimImageCache): void {
  ctx.imageCaches.set(cache.id, cache);
  if (cache.retentionDays) setRetention(ctx, cache, cache.retentionDays);
  schedule(ctx, cache, ctx.delay(CACHE_DELAYS.preparing), 'cachePrepared');
  ctx.dirty();
}

/** UpdateImageCache with new images: Updating, pulled again, then Ready or UpdateFailed. */
export function repull(ctx: SimContext, cache: SimImageCache, images: string[]): void {
  cache.epoch++;
  cache.status = 'Updating';
  cache.pending = images;
  schedule(ctx, cache, ctx.delay(CACHE_DELAYS.preparing), 'cachePrepared');
}

function onPrepared(ctx: SimContext, cache: SimImageCache): void {
  if (cache.status === 'Preparing') cache.status = 'Creating';
  const images = cache.pending ?? cache.images;
  for (const image of images)
    event(ctx, cache, { Type: 'Normal', Reason: 'Pulling', Message: `Pulling image "${image}"` });
  // The instant image cache (Flash) is usable once pulled, before its regular snapshot exists.
  const seconds = images.length * DELAYS.pull + (cache.flash ? 0 : CACHE_DELAYS.snapshot);
  schedule(ctx, cache, ctx.delay(seconds), 'cachePulled');
  ctx.dirty();
}

function onPulled(ctx: SimContext, cache: SimImageCache): void {
  const images = cache.pending ?? cache.images;
  const updating = cache.pending !== undefined;
  cache.pending = undefined;
  const bad = images.find(isUnpullable);
  if (bad !== undefined) {
    const why = `rpc error: code = NotFound desc = failed to pull and unpack image "${bad}": not found`;
    event(ctx, cache, {
      Type: 'Warning',
      Reason: 'Failed',
      Message: `Failed to pull image "${bad}": ${why}`,
    });
    cache.status = updating ? 'UpdateFailed' : 'Failed';
    if (!updating) keepFailed(ctx, IMAGE_CACHES, cache);
  } else {
    for (const image of images)
      event(ctx, cache, {
        Type: 'Normal',
        Reason: 'Pulled',
        Message: `Successfully pulled image "${image}"`,
      });
    cache.images = images;
    cache.status = 'Ready';
    cache.snapshotId = newSnapshotId();
  }
  ctx.dirty();
}

export function handleImageCacheJob(ctx: SimContext, job: Job): void {
  const cache = ctx.imageCaches.get(job.groupId);
  if (!cache) return;
  if (job.type === 'cacheExpired') return expireIfDue(ctx, IMAGE_CACHES, cache);
  if (job.epoch !== cache.epoch) return;
  if (job.type === 'cachePrepared') return onPrepared(ctx, cache);
  if (job.type === 'cachePulled') return onPulled(ctx, cache);
}
