import { BackendError } from '../../backend.js';
import type { CreateContainerGroupRequest } from '../../eci-api/index.js';
import type { SimContext } from '../context.js';
import { invalidParameter } from '../errors.js';
import type { SimContainer, SimGroup } from '../model.js';
import { normalizePath } from '../sim-fs.js';
import { holds, incorrectStatus, type SimDataCache } from './model.js';

/** ESSD performance levels the disk made from a cache can have (ECI's default PL1). */
const PERFORMANCE_LEVELS = ['PL0', 'PL1', 'PL2', 'PL3'];

function checkDisk(req: CreateContainerGroupRequest): void {
  if (req.DataCachePL !== undefined && !PERFORMANCE_LEVELS.includes(req.DataCachePL))
    throw invalidParameter(
      'DataCachePL',
      `"${req.DataCachePL}" is not a disk performance level: use one of ${PERFORMANCE_LEVELS.join(', ')} (default PL1).`,
    );
  const iops = req.DataCacheProvisionedIops;
  if (iops !== undefined && !(Number.isInteger(iops) && iops >= 0))
    throw invalidParameter('DataCacheProvisionedIops', `${iops} is not a number of IOPS >= 0.`);
}

/**
 * The data caches a CreateContainerGroup request mounts: with DataCacheBucket, each HostPathVolume's
 * Path names a cache of that bucket. Checked before anything is created, like ImageSnapshotId: a
 * path no cache holds is DataCache.NotFound, a cache not yet Available DataCache.IncorrectStatus.
 */
export function pickDataCaches(ctx: SimContext, req: CreateContainerGroupRequest): SimDataCache[] {
  const bucket = req.DataCacheBucket;
  if (!bucket) return [];
  checkDisk(req);
  return (req.Volume ?? []).flatMap((v, i) => {
    const path = v.Type === 'HostPathVolume' ? v.HostPathVolume?.Path : undefined;
    if (!path) return [];
    const cache = [...ctx.dataCaches.values()].find((c) => holds(c, bucket, path));
    if (!cache) {
      throw new BackendError(
        'NotFound',
        'DataCache.NotFound',
        `Volume.${i + 1}.HostPathVolume.Path: no data cache holds "${path}" in bucket "${bucket}" (DataCacheBucket): ` +
          'create one (CreateDataCache) and wait until it is Available, or fix the bucket or the path.',
      );
    }
    if (cache.status !== 'Available')
      throw incorrectStatus(cache, 'a group mounting it', 'Available', 'Unavailable');
    return [cache];
  });
}

/** A mounted cache was just used: DescribeDataCaches shows it as LastMatchedTime. */
export function useDataCaches(ctx: SimContext, caches: SimDataCache[]): void {
  for (const cache of caches) cache.lastMatchedAt = ctx.now();
  if (caches.length) ctx.dirty();
}

/** Where a container sees data caches: the MountPath of each mounted HostPathVolume of a group with DataCacheBucket. */
export function dataCacheDirs(g: SimGroup, c: SimContainer): string[] {
  if (!g.request.DataCacheBucket) return [];
  const hostPaths = new Set(
    (g.request.Volume ?? []).filter((v) => v.Type === 'HostPathVolume').map((v) => v.Name),
  );
  return (c.spec.VolumeMount ?? [])
    .filter((m) => hostPaths.has(m.Name))
    .map((m) => normalizePath(m.MountPath));
}
