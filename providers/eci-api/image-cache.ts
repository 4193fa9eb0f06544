import type { AcrRegistryInfo, EciEvent } from './wire.js';

/**
 * The image-cache actions (CreateImageCache, DescribeImageCaches, DeleteImageCache) as both sides of
 * the provider seam see them, in the wire names of the official SDK's models
 * (`CreateImageCacheRequest`, `DescribeImageCachesResponseBodyImageCaches`).
 */

/** What CreateImageCache takes of what the controller sends. */
export interface CreateImageCacheRequest {
  RegionId?: string;
  ImageCacheName: string;
  Image: string[];
  /** GiB, 20 by default. */
  ImageCacheSize?: number;
  /** Days; without it the cache never expires. */
  RetentionDays?: number;
  SecurityGroupId: string;
  /** One vSwitch ID, or several comma-separated (one per zone). */
  VSwitchId: string;
  ResourceGroupId?: string;
  ImageRegistryCredential?: { Server: string; UserName: string; Password: string }[];
  AcrRegistryInfo?: AcrRegistryInfo[];
  PlainHttpRegistry?: string;
  InsecureRegistry?: string;
  /** Reuse layers of existing caches while making this one. */
  AutoMatchImageCache?: boolean;
  /** The instant image cache (a local snapshot first). */
  Flash?: boolean;
  /** The same token returns the same cache: a retried create never makes a second one. */
  ClientToken: string;
}

export interface CreateImageCacheResult {
  ImageCacheId: string;
  RequestId: string;
}

/** DescribeImageCaches documents these; any other string is passed through as ECI sent it. */
export type ImageCacheStatusName =
  'Preparing' | 'Creating' | 'Ready' | 'Failed' | 'Updating' | 'UpdateFailed' | (string & {});

/** One cache of DescribeImageCaches: the fields the controller reads. */
export interface ImageCache {
  ImageCacheId: string;
  ImageCacheName: string;
  Status: ImageCacheStatusName;
  /** e.g. `100%`. */
  Progress?: string;
  Images: string[];
  ImageCacheSize?: number;
  /** RFC 3339. */
  CreationTime?: string;
  /** RFC 3339: the end of RetentionDays, or a day after a failure. */
  ExpireDateTime?: string;
  Events: EciEvent[];
}
