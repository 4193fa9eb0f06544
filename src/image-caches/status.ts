import type { ImageCache } from '../../providers/eci-api/index.js';
import type { ImageCacheSpec, ImageCacheStatus } from './types.js';
import { compareCodeUnits } from '../../providers/code-units.js';

/** ECI's cache statuses after which nothing changes on its own (Ready may still expire). */
const SETTLED = new Set(['Ready', 'Failed', 'UpdateFailed']);

export function isSettled(phase: string | undefined): boolean {
  return phase !== undefined && SETTLED.has(phase);
}

/** The phase of an ImageCache whose ECI cache is gone (expired, or deleted outside Kubernetes). */
export const GONE_PHASE = 'NotFound';

/**
 * The ECI cache as the ImageCache's status. `lastUpdatedTime` is the time the status last changed
 * (`now` when it differs from `previous`), so an unchanged poll writes nothing.
 */
export function imageCacheStatus(
  cache: ImageCache,
  previous: ImageCacheStatus | undefined,
  now: Date,
): ImageCacheStatus {
  const next: ImageCacheStatus = {
    phase: cache.Status,
    progress: cache.Progress ?? '',
    imageCacheId: cache.ImageCacheId,
    ...(cache.CreationTime ? { startTime: cache.CreationTime } : {}),
    ...(cache.ExpireDateTime ? { expireDateTime: cache.ExpireDateTime } : {}),
    events: cache.Events.map((e) => ({
      type: e.Type,
      reason: e.Reason,
      message: e.Message,
      count: e.Count,
      ...(e.FirstTimestamp ? { firstTimestamp: e.FirstTimestamp } : {}),
      ...(e.LastTimestamp ? { lastTimestamp: e.LastTimestamp } : {}),
    })),
  };
  return withUpdateTime(next, previous, now);
}

/** The status of an ImageCache whose ECI cache no longer exists: the ID is kept, to say which. */
export function goneStatus(previous: ImageCacheStatus, now: Date): ImageCacheStatus {
  const next: ImageCacheStatus = {
    ...previous,
    phase: GONE_PHASE,
    message:
      `ECI has no image cache ${previous.imageCacheId ?? ''} any more (its retention ended, or it was ` +
      'deleted outside Kubernetes): delete this ImageCache and create it again to make a new one',
  };
  delete next.lastUpdatedTime;
  return withUpdateTime(next, previous, now);
}

/** A spec ECI was not asked to cache yet: Failed (fix the spec) or Pending (waiting for a Secret). */
export function refusedStatus(
  permanent: boolean,
  message: string,
  previous: ImageCacheStatus | undefined,
  now: Date,
): ImageCacheStatus {
  return withUpdateTime({ phase: permanent ? 'Failed' : 'Pending', message }, previous, now);
}

function withUpdateTime(
  next: ImageCacheStatus,
  previous: ImageCacheStatus | undefined,
  now: Date,
): ImageCacheStatus {
  const { lastUpdatedTime, ...before } = previous ?? {};
  const same = JSON.stringify(sorted(before)) === JSON.stringify(sorted(next));
  return { ...next, lastUpdatedTime: same && lastUpdatedTime ? lastUpdatedTime : now.toISOString() };
}

function sorted(s: ImageCacheStatus): [string, unknown][] {
  return Object.entries(s)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareCodeUnits(a, b));
}

/** True when writing `next` over `previous` would change nothing. */
export function sameStatus(previous: ImageCacheStatus | undefined, next: ImageCacheStatus): boolean {
  return JSON.stringify(sorted(previous ?? {})) === JSON.stringify(sorted(next));
}

/**
 * The spec fields that no longer match the ECI cache (images, size). ECI's ImageCache pages describe
 * creating, listing and deleting only, so a changed spec is not applied: the user is told to re-create.
 */
export function specDrift(spec: ImageCacheSpec, cache: ImageCache): string[] {
  const drift: string[] = [];
  const want = [...(spec.images ?? [])].sort();
  const have = [...cache.Images].sort();
  // Updating: ECI holds the old images until the new ones are pulled; only a settled cache is compared.
  if (cache.Status === 'Ready' && JSON.stringify(want) !== JSON.stringify(have)) drift.push('spec.images');
  if (cache.ImageCacheSize !== undefined && (spec.imageCacheSize ?? 20) !== cache.ImageCacheSize)
    drift.push('spec.imageCacheSize');
  return drift;
}
