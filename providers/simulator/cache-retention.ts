import type { SimContext } from './context.js';

/** The reference: image caches that fail to be created are kept for one day (data caches: silent, same rule). */
const FAILED_RETENTION_MS = 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** What retention reads and writes of a cache: fields image and data caches share (and save) alike. */
export interface RetainedCache {
  id: string;
  createdAt: number;
  expiresAt?: number;
  retentionDays?: number;
  epoch: number;
}

/** One kind of cache: the map it is kept in and the job that deletes it. */
export interface CacheKind<C extends RetainedCache> {
  caches: (ctx: SimContext) => Map<string, C>;
  expiredJob: 'cacheExpired' | 'dataCacheExpired';
}

/** Deletes the cache at clock time `at` (retention is a lifetime: scaled by speed like the others). */
function expireAt<C extends RetainedCache>(ctx: SimContext, kind: CacheKind<C>, cache: C, at: number): void {
  cache.expiresAt = at;
  ctx.scheduler.after(at - ctx.now(), { type: kind.expiredJob, groupId: cache.id, epoch: cache.epoch });
}

/** RetentionDays counts from the cache's creation. */
export function setRetentionDays<C extends RetainedCache>(
  ctx: SimContext,
  kind: CacheKind<C>,
  cache: C,
  days: number,
): void {
  cache.retentionDays = days;
  expireAt(ctx, kind, cache, cache.createdAt + ctx.lifetime(days * DAY_MS));
}

/** A cache that failed to be created is deleted a day later. */
export function keepFailed<C extends RetainedCache>(ctx: SimContext, kind: CacheKind<C>, cache: C): void {
  expireAt(ctx, kind, cache, ctx.now() + ctx.lifetime(FAILED_RETENTION_MS));
}

/**
 * The expiry job ran: the cache is deleted if its retention (RetentionDays, or a day after failing)
 * has ended. Retention set again later leaves older jobs due too early: those do nothing.
 */
export function expireIfDue<C extends RetainedCache>(ctx: SimContext, kind: CacheKind<C>, cache: C): void {
  if (cache.expiresAt === undefined || cache.expiresAt > ctx.now()) return;
  kind.caches(ctx).delete(cache.id);
  ctx.dirty();
}
