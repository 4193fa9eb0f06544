import type { AcrRegistryInfo, CreateContainerGroupRequest, EciEvent } from './wire.js';

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

/**
 * DescribeImageCaches asked for the caches best matching a group's images (`MatchImage.N`), with
 * ECI's two ways of asking for exact matches (`ImageFullMatch`, `ImageMatchCountRequest`).
 */
export interface ImageCacheMatchQuery {
  /** The images of the group, each once (at most 100). */
  MatchImage: string[];
  /** Only caches holding every one of them. */
  ImageFullMatch?: boolean;
  /** Only caches holding at least this many of them. */
  ImageMatchCountRequest?: number;
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

/** Each image of a group once, init containers first: what ECI pulls, and what a cache must hold. */
export function requestImages(
  req: Pick<CreateContainerGroupRequest, 'Container' | 'InitContainer'>,
): string[] {
  return [...new Set([...(req.InitContainer ?? []), ...req.Container].map((c) => c.Image))];
}
