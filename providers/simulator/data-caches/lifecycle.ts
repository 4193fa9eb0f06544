import { expireIfDue, keepFailed, setRetentionDays, type CacheKind } from '../cache-retention.js';
import { rfc3339 } from '../clock.js';
import type { SimContext } from '../context.js';
import { recordEvent, type NewEvent } from '../events.js';
import type { Job, JobType } from '../model.js';
import { newSnapshotId } from '../image-caches/model.js';
import type { DataSource, SimDataCache } from './model.js';

/**
 * Illustrative durations (seconds, before speed scaling) of a cache's steps: the intermediate
 * instance and its disk, pulling the data, and the snapshot (a copy only copies the snapshot).
 */
export const DATA_CACHE_DELAYS = { create: 2, load: 5, snapshot: 3 };

const JOBS: ReadonlySet<JobType> = new Set(['dataCacheCreated', 'dataCacheLoaded', 'dataCacheExpired']);

export function isDataCacheJob(job: Job): boolean {
  return JOBS.has(job.type);
}

/**
 * The simulator's rule for sources, as for images: an option naming `invalid` or `nonexistent`
 * cannot be read. Answers the option's key: its value may hold a credential (a signed URL, a key).
 */
export function unreadableOption(source: DataSource): string | undefined {
  return Object.entries(source.Options).find(([, v]) => /invalid|nonexistent/i.test(v))?.[0];
}

function schedule(ctx: SimContext, cache: SimDataCache, seconds: number, type: JobType): void {
  ctx.scheduler.after(ctx.delay(seconds), { type, groupId: cache.id, epoch: cache.epoch });
}

function event(ctx: SimContext, cache: SimDataCache, e: NewEvent): void {
  cache.events = recordEvent(cache.events, rfc3339(ctx.now()), { ...e, Name: cache.name });
}

/** Where this kind of cache is kept and the job that deletes it: the shared retention rules need both. */
const DATA_CACHES: CacheKind<SimDataCache> = {
  caches: (ctx) => ctx.dataCaches,
  expiredJob: 'dataCacheExpired',
};

/** RetentionDays counts from the cache's creation (a lifetime: scaled by speed like the others). */
export function setRetention(ctx: SimContext, cache: SimDataCache, days: number): void {
  setRetentionDays(ctx, DATA_CACHES, cache, days);
}

/** Keeps a new cache and starts it: Creating (instance and disk), then Loading, then Available. */
export function startDataCache(ctx: SimContext, cache: SimDataCache): void {
  ctx.dataCaches.set(cache.id, cache);
  if (cache.retentionDays) setRetention(ctx, cache, cache.retentionDays);
  // The reason and message of the DescribeDataCaches reference's example event.
  event(ctx, cache, {
    Type: 'Normal',
    Reason: 'Started',
    Message: 'Successfully check data cache resource.',
  });
  schedule(ctx, cache, DATA_CACHE_DELAYS.create, 'dataCacheCreated');
  ctx.dirty();
}

/** UpdateDataCache with a new source: Updating, loaded again, then Available or UpdateFailed. */
export function reload(ctx: SimContext, cache: SimDataCache, source: DataSource): void {
  cache.epoch++;
  cache.status = 'Updating';
  cache.pending = source;
  schedule(ctx, cache, DATA_CACHE_DELAYS.create, 'dataCacheCreated');
}

/** The type and the option keys: never the values, which may hold credentials. */
function describeSource(source: DataSource): string {
  const keys = Object.keys(source.Options);
  return keys.length ? `${source.Type} (${keys.join(', ')})` : source.Type;
}

function onCreated(ctx: SimContext, cache: SimDataCache): void {
  if (cache.copiedFrom !== undefined) {
    schedule(ctx, cache, DATA_CACHE_DELAYS.snapshot, 'dataCacheLoaded');
    return;
  }
  if (cache.status === 'Creating') cache.status = 'Loading';
  const source = cache.pending ?? cache.dataSource;
  event(ctx, cache, {
    Type: 'Normal',
    Reason: 'Loading',
    Message: `Loading data from ${describeSource(source)}`,
  });
  schedule(ctx, cache, DATA_CACHE_DELAYS.load + DATA_CACHE_DELAYS.snapshot, 'dataCacheLoaded');
  ctx.dirty();
}

function onLoaded(ctx: SimContext, cache: SimDataCache): void {
  const source = cache.pending ?? cache.dataSource;
  const updating = cache.pending !== undefined;
  cache.pending = undefined;
  const bad = cache.copiedFrom === undefined ? unreadableOption(source) : undefined;
  if (bad !== undefined) {
    event(ctx, cache, {
      Type: 'Warning',
      Reason: 'Failed',
      Message: `Failed to load data from ${source.Type} source: option ${bad} names nothing that can be read`,
    });
    cache.status = updating ? 'UpdateFailed' : 'Failed';
    if (!updating) keepFailed(ctx, DATA_CACHES, cache);
  } else {
    cache.dataSource = source;
    cache.status = 'Available';
    cache.snapshotId = newSnapshotId();
    event(ctx, cache, {
      Type: 'Normal',
      Reason: 'Succeeded',
      Message: `Data cache ${cache.id} is available (snapshot ${cache.snapshotId}).`,
    });
  }
  ctx.dirty();
}

export function handleDataCacheJob(ctx: SimContext, job: Job): void {
  const cache = ctx.dataCaches.get(job.groupId);
  if (!cache) return;
  if (job.type === 'dataCacheExpired') return expireIfDue(ctx, DATA_CACHES, cache);
  if (job.epoch !== cache.epoch) return;
  if (job.type === 'dataCacheCreated') return onCreated(ctx, cache);
  if (job.type === 'dataCacheLoaded') return onLoaded(ctx, cache);
}
