import { BackendError } from '../../backend.js';
import type { EciEvent, Tag } from '../../eci-api/index.js';
import { newContainerGroupId } from '../random.js';

/** The statuses DescribeImageCaches documents; only a Ready cache can be used. */
export type ImageCacheStatus = 'Preparing' | 'Creating' | 'Ready' | 'Failed' | 'Updating' | 'UpdateFailed';

export interface SimImageCache {
  id: string;
  name: string;
  images: string[];
  /** GiB; 20 unless asked otherwise. */
  size: number;
  status: ImageCacheStatus;
  /** Made by CreateContainerGroup with AutoMatchImageCache when nothing matched (ListUsage counts them apart). */
  auto: boolean;
  /** The intermediate instance that pulled the images (not listed as a container group here). */
  containerGroupId: string;
  /** Set once the regular snapshot exists (Ready). */
  snapshotId?: string;
  /** Set when Flash (instant image cache) was asked. */
  flashSnapshotId?: string;
  createdAt: number;
  lastMatchedAt?: number;
  expiresAt?: number;
  retentionDays?: number;
  /** '' (kept until deleted) or 'LRU' (may be evicted when the quota is reached). */
  eliminationStrategy: string;
  resourceGroupId?: string;
  securityGroupId: string;
  vSwitchId: string;
  flash: boolean;
  tags: Tag[];
  events: EciEvent[];
  /** Images being pulled by an update; they replace `images` once pulled. */
  pending?: string[];
  /** Bumped when a step ends; jobs of an older epoch are ignored. */
  epoch: number;
}

/** `imc-` + 20 characters, like real image cache IDs (imc-2zebxkiifuyzzlhl****). */
export function newImageCacheId(): string {
  return `imc-${newContainerGroupId().slice('eci-'.length)}`;
}

export function newSnapshotId(): string {
  return `s-${newContainerGroupId().slice('eci-'.length)}`;
}

export function isReady(cache: SimImageCache): boolean {
  return cache.status === 'Ready';
}

/** A cache a client named that does not exist: ECI's code for a missing image cache (its "image snapshot"). */
export function imageCacheNotFound(id: string): BackendError {
  return new BackendError(
    'NotFound',
    'ImageSnapshot.NotFound',
    `ImageCacheId "${id}" does not exist (never created, deleted, or expired): list caches with DescribeImageCaches.`,
  );
}
