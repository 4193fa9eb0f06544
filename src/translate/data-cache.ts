import type { CreateContainerGroupRequest } from '../../providers/eci-api/index.js';
import { ANNOTATION as A } from './annotations.js';
import { annotationField, bool, int, oneOf } from './annotation-values.js';
import { unsupported } from './errors.js';

export type DataCacheFields = Partial<
  Pick<
    CreateContainerGroupRequest,
    'DataCacheBucket' | 'DataCachePL' | 'DataCacheProvisionedIops' | 'DataCacheBurstingEnabled'
  >
>;

/** ECI keeps this bucket for its own caches: no user cache is in it. */
const RESERVED_BUCKET = 'eci-system';
/** ESSD performance levels; ECI makes the disk PL1 when none is asked. */
const LEVELS = ['PL0', 'PL1', 'PL2', 'PL3'] as const;
/** The AutoPL disk's ceiling ("0~min{50000, 1000 * capacity - baseline}"): the cap ECI checks against the size. */
const MAX_PROVISIONED_IOPS = 50_000;

/**
 * The data-cache annotations of ECI's "Use a DataCache to create a pod" page → CreateContainerGroup
 * fields. The bucket is what makes the pod's hostPath volumes mount caches (see volumes.ts); the
 * disk settings mean nothing without one, so they are left out with a warning rather than sent.
 */
export function dataCacheFields(a: Record<string, string>, warnings: string[]): DataCacheFields {
  const raw = a[A.dataCacheBucket];
  const disk: [string, string | undefined][] = [
    [A.dataCachePL, a[A.dataCachePL]],
    [A.dataCacheProvisionedIops, a[A.dataCacheProvisionedIops]],
    [A.dataCacheBurstingEnabled, a[A.dataCacheBurstingEnabled]],
  ];
  if (raw === undefined) {
    for (const [key, value] of disk)
      if (value !== undefined)
        warnings.push(`${annotationField(key)}: has no effect without ${A.dataCacheBucket}; ignored`);
    return {};
  }
  const bucket = raw.trim();
  if (bucket === '' || bucket === RESERVED_BUCKET) {
    throw unsupported(
      annotationField(A.dataCacheBucket),
      JSON.stringify(raw),
      bucket === '' ? 'is empty' : 'is reserved for ECI',
      'name the bucket of your data cache, e.g. "default" (DescribeDataCaches lists each cache with its Bucket)',
    );
  }
  const out: DataCacheFields = { DataCacheBucket: bucket };
  if (a[A.dataCachePL] !== undefined) out.DataCachePL = oneOf(a[A.dataCachePL], A.dataCachePL, LEVELS);
  if (a[A.dataCacheProvisionedIops] !== undefined) {
    out.DataCacheProvisionedIops = int(
      a[A.dataCacheProvisionedIops],
      A.dataCacheProvisionedIops,
      0,
      MAX_PROVISIONED_IOPS,
    );
  }
  if (a[A.dataCacheBurstingEnabled] !== undefined)
    out.DataCacheBurstingEnabled = bool(a[A.dataCacheBurstingEnabled], A.dataCacheBurstingEnabled);
  return out;
}
