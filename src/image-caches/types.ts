import type { V1ObjectMeta } from '@kubernetes/client-node';

/** The CRD `imagecaches.eci.alibabacloud.com`, as ECI's "kubernetes ImageCache API" page defines it. */
export const IMAGE_CACHE_GROUP = 'eci.alibabacloud.com';
export const IMAGE_CACHE_VERSION = 'v1';
export const IMAGE_CACHE_API_VERSION = `${IMAGE_CACHE_GROUP}/${IMAGE_CACHE_VERSION}`;
export const IMAGE_CACHE_KIND = 'ImageCache';

/** Cluster-scoped: the collection, or one ImageCache (optionally a subresource of it). */
export function imageCachePath(name?: string, subresource?: 'status'): string {
  const base = `/apis/${IMAGE_CACHE_GROUP}/${IMAGE_CACHE_VERSION}/imagecaches`;
  if (name === undefined) return base;
  return `${base}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

/** Holds the ImageCache until its ECI cache is deleted: nothing is left billing. */
export const IMAGE_CACHE_FINALIZER = 'eci.alibabacloud.com/image-cache';

export interface ImageCacheSpec {
  images?: string[];
  /** `namespace:secretName` each. */
  imagePullSecrets?: string[];
  /** GiB, 20..32768 (default 20). */
  imageCacheSize?: number;
  /** 1..65536; without it the cache never expires. */
  retentionDays?: number;
}

/** One of the ECI cache's events, as DescribeImageCaches lists them. */
export interface ImageCacheEventStatus {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
}

/** What `status` holds; times are RFC 3339. */
export interface ImageCacheStatus {
  /** ECI's cache Status, or Pending (waiting for a Secret) / Failed (a spec ECI cannot take). */
  phase?: string;
  progress?: string;
  imageCacheId?: string;
  startTime?: string;
  lastUpdatedTime?: string;
  expireDateTime?: string;
  events?: ImageCacheEventStatus[];
  /** Why the cache is Pending or Failed before ECI has it (not on ECI's page: this controller's). */
  message?: string;
}

export interface ImageCacheObject {
  apiVersion?: string;
  kind?: string;
  metadata?: V1ObjectMeta;
  spec?: ImageCacheSpec;
  status?: ImageCacheStatus;
}
