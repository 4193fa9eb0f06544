import type { V1Secret } from '@kubernetes/client-node';
import { isBackendError, type Backend } from '../../providers/backend.js';
import type { Clock } from '../../providers/clock.js';
import type { ImageCache } from '../../providers/eci-api/index.js';
import { WorkQueue } from '../kube/index.js';
import { errorMessage, logger } from '../log.js';
import { TranslationError } from '../translate/errors.js';
import { unsupportedAnnotationNotices } from './annotations.js';
import type { ImageCachesApi } from './api.js';
import { imageCacheMetrics } from './metrics.js';
import { imageCacheRequest, secretRefs, type ImageCacheDefaults } from './request.js';
import { goneStatus, imageCacheStatus, isSettled, refusedStatus, sameStatus, specDrift } from './status.js';
import { IMAGE_CACHE_FINALIZER, type ImageCacheObject, type ImageCacheStatus } from './types.js';

export type ImageCacheBackend = Pick<
  Backend,
  'createImageCache' | 'describeImageCaches' | 'deleteImageCache'
>;

export interface ImageCacheControllerOptions {
  api: ImageCachesApi;
  backend: ImageCacheBackend;
  clock: Clock;
  /** Read per create, so a live eci-profile change reaches the next cache. */
  defaults: () => ImageCacheDefaults;
  /** How often a cache not yet Ready or Failed is asked about (default 5 s). */
  pollMs?: number;
  /** How often a settled cache is asked about, to see it expire (default 10 min). */
  resyncMs?: number;
  /** How long an ImageCache waiting for a pull Secret waits before the next look (default 10 s). */
  secretRetryMs?: number;
}

export const IMAGE_CACHE_REASONS = {
  created: 'ImageCacheCreated',
  ready: 'ImageCacheReady',
  failed: 'ImageCacheFailed',
  invalid: 'InvalidImageCache',
  waiting: 'ImageCacheWaiting',
  unsupported: 'UnsupportedImageCacheAnnotation',
  notApplied: 'ImageCacheSpecNotApplied',
  gone: 'ImageCacheNotFound',
  deleted: 'ImageCacheDeleted',
} as const;

const finalizersOf = (obj: ImageCacheObject): string[] => obj.metadata?.finalizers ?? [];

/**
 * Makes each ImageCache an ECI image cache and keeps its status current: one work queue keyed by
 * name, fed by the watch (observe/forget). A sync adds the finalizer, creates the cache (ClientToken
 * = the object's UID), polls it until Ready or Failed, and on deletion deletes it before letting the
 * object go. Only one replica runs this (see image-cache-service.ts): two would race on the status.
 */
export class ImageCacheController {
  private readonly objects = new Map<string, ImageCacheObject>();
  private readonly queue: WorkQueue;
  /** UID → the generation whose spec drift was reported, so it is said once. */
  private readonly driftReported = new Map<string, number>();
  private readonly pollMs: number;
  private readonly resyncMs: number;
  private readonly secretRetryMs: number;

  constructor(private readonly o: ImageCacheControllerOptions) {
    this.pollMs = o.pollMs ?? 5_000;
    this.resyncMs = o.resyncMs ?? 10 * 60_000;
    this.secretRetryMs = o.secretRetryMs ?? 10_000;
    this.queue = new WorkQueue(
      (name) => this.sync(name),
      (name, err, attempt) => {
        imageCacheMetrics.syncs.inc({ result: 'error' });
        logger.warn('image cache sync failed, retrying', {
          imageCache: name,
          attempt,
          err: errorMessage(err),
        });
      },
      { workers: 4, clock: o.clock },
    );
  }

  observe(obj: ImageCacheObject): void {
    const name = obj.metadata?.name ?? '';
    this.objects.set(name, obj);
    this.queue.add(name);
  }

  forget(obj: ImageCacheObject): void {
    this.objects.delete(obj.metadata?.name ?? '');
    if (obj.metadata?.uid) this.driftReported.delete(obj.metadata.uid);
  }

  start(): void {
    this.queue.run();
  }

  stop(): Promise<void> {
    return this.queue.shutDown();
  }

  /** Resolves when no sync is running (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** The ImageCaches known now, by status.phase (`none` before the first status). */
  phases(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const obj of this.objects.values()) {
      const phase = obj.status?.phase ?? 'none';
      counts.set(phase, (counts.get(phase) ?? 0) + 1);
    }
    return counts;
  }

  async sync(name: string): Promise<void> {
    const obj = this.objects.get(name);
    if (obj === undefined) return;
    if (obj.metadata?.deletionTimestamp) return this.finalize(obj);
    let current = obj;
    if (!finalizersOf(obj).includes(IMAGE_CACHE_FINALIZER))
      current = this.keep(await this.o.api.setFinalizers(obj, [...finalizersOf(obj), IMAGE_CACHE_FINALIZER]));
    const id = current.status?.imageCacheId;
    if (id) await this.refresh(current, id);
    else await this.create(current);
    imageCacheMetrics.syncs.inc({ result: 'ok' });
  }

  /** What the API server answered for our write replaces the cached object, if it is still the same one. */
  private keep(written: ImageCacheObject): ImageCacheObject {
    const name = written.metadata?.name ?? '';
    if (this.objects.get(name)?.metadata?.uid === written.metadata?.uid) this.objects.set(name, written);
    return written;
  }

  private now(): Date {
    return new Date(this.o.clock.now());
  }

  private async writeStatus(obj: ImageCacheObject, status: ImageCacheStatus): Promise<ImageCacheObject> {
    if (sameStatus(obj.status, status)) return obj;
    imageCacheMetrics.statusWrites.inc();
    return this.keep(await this.o.api.replaceStatus(obj, status));
  }

  /** The pull Secrets, read by name (missing ones left out: the request builder says which). */
  private async secrets(obj: ImageCacheObject): Promise<Map<string, V1Secret>> {
    const found = new Map<string, V1Secret>();
    for (const ref of secretRefs(obj)) {
      const secret = await this.o.api.readSecret(ref.namespace, ref.name);
      if (secret) found.set(`${ref.namespace}/${ref.name}`, secret);
    }
    return found;
  }

  private async request(obj: ImageCacheObject) {
    return imageCacheRequest(obj, await this.secrets(obj), this.o.defaults());
  }

  private async create(obj: ImageCacheObject): Promise<void> {
    const name = obj.metadata?.name ?? '';
    let request;
    try {
      request = await this.request(obj);
    } catch (err) {
      if (err instanceof TranslationError) return this.refuse(obj, err.permanent, err.message);
      throw err;
    }
    for (const notice of unsupportedAnnotationNotices(obj.metadata?.annotations ?? {}))
      this.o.api.event(obj, 'Warning', IMAGE_CACHE_REASONS.unsupported, notice);
    let id: string;
    try {
      id = (await this.o.backend.createImageCache(request)).ImageCacheId;
    } catch (err) {
      // ECI refused the request itself (a bad parameter, the quota): the same request cannot succeed.
      if (isBackendError(err, 'InvalidParameter'))
        return this.refuse(obj, true, `CreateImageCache refused it: ${err.message}`);
      throw err;
    }
    logger.info('image cache created', { imageCache: name, imageCacheId: id });
    this.o.api.event(obj, 'Normal', IMAGE_CACHE_REASONS.created, `Created ECI image cache ${id}`);
    const [cache] = await this.o.backend.describeImageCaches([id]);
    const status: ImageCacheStatus = cache
      ? imageCacheStatus(cache, undefined, this.now())
      : { imageCacheId: id, lastUpdatedTime: this.now().toISOString() };
    await this.writeStatus(obj, status);
    this.queue.addAfter(name, isSettled(status.phase) ? this.resyncMs : this.pollMs);
  }

  /** A spec ECI cannot take (Failed), or a Secret not there yet (Pending, looked at again later). */
  private async refuse(obj: ImageCacheObject, permanent: boolean, message: string): Promise<void> {
    imageCacheMetrics.syncs.inc({ result: 'refused' });
    const status = refusedStatus(permanent, message, obj.status, this.now());
    if (!sameStatus(obj.status, status)) {
      const reason = permanent ? IMAGE_CACHE_REASONS.invalid : IMAGE_CACHE_REASONS.waiting;
      this.o.api.event(obj, 'Warning', reason, message);
      await this.writeStatus(obj, status);
    }
    if (!permanent) this.queue.addAfter(obj.metadata?.name ?? '', this.secretRetryMs);
  }

  private async refresh(obj: ImageCacheObject, id: string): Promise<void> {
    const name = obj.metadata?.name ?? '';
    const [cache] = await this.o.backend.describeImageCaches([id]);
    const now = this.now();
    const status = cache ? imageCacheStatus(cache, obj.status, now) : goneStatus(obj.status ?? {}, now);
    if (status.phase !== obj.status?.phase) this.reportPhase(obj, status, cache);
    const written = await this.writeStatus(obj, status);
    if (cache === undefined) return; // gone for good: nothing left to poll
    this.reportDrift(written, cache);
    this.queue.addAfter(name, isSettled(status.phase) ? this.resyncMs : this.pollMs);
  }

  private reportPhase(obj: ImageCacheObject, status: ImageCacheStatus, cache: ImageCache | undefined): void {
    const id = status.imageCacheId ?? '';
    if (cache === undefined) {
      this.o.api.event(obj, 'Warning', IMAGE_CACHE_REASONS.gone, status.message ?? id);
    } else if (status.phase === 'Ready') {
      this.o.api.event(
        obj,
        'Normal',
        IMAGE_CACHE_REASONS.ready,
        `ECI image cache ${id} is Ready: pods may use it`,
      );
    } else if (status.phase === 'Failed' || status.phase === 'UpdateFailed') {
      const why =
        [...cache.Events].reverse().find((e) => e.Type === 'Warning')?.Message ?? 'no event says why';
      this.o.api.event(
        obj,
        'Warning',
        IMAGE_CACHE_REASONS.failed,
        `ECI image cache ${id} is ${status.phase}: ${why}; check the images and imagePullSecrets, then delete and re-create the ImageCache`,
      );
    }
  }

  private reportDrift(obj: ImageCacheObject, cache: ImageCache): void {
    const uid = obj.metadata?.uid ?? '';
    const generation = obj.metadata?.generation ?? 0;
    const drift = specDrift(obj.spec ?? {}, cache);
    if (drift.length === 0 || this.driftReported.get(uid) === generation) return;
    this.driftReported.set(uid, generation);
    this.o.api.event(
      obj,
      'Warning',
      IMAGE_CACHE_REASONS.notApplied,
      `${drift.join(', ')} changed after ECI image cache ${cache.ImageCacheId} was made; a changed spec is not ` +
        'applied to it: delete this ImageCache and create it again with the new spec',
    );
  }

  /** The object is being deleted: delete its ECI cache (already gone is fine), then let it go. */
  private async finalize(obj: ImageCacheObject): Promise<void> {
    if (!finalizersOf(obj).includes(IMAGE_CACHE_FINALIZER)) return;
    const id = obj.status?.imageCacheId || (await this.madeWithoutRecord(obj));
    if (id) {
      try {
        await this.o.backend.deleteImageCache(id);
        this.o.api.event(obj, 'Normal', IMAGE_CACHE_REASONS.deleted, `Deleted ECI image cache ${id}`);
      } catch (err) {
        if (!isBackendError(err, 'NotFound')) throw err;
      }
      logger.info('image cache deleted', { imageCache: obj.metadata?.name, imageCacheId: id });
    }
    this.keep(
      await this.o.api.setFinalizers(
        obj,
        finalizersOf(obj).filter((f) => f !== IMAGE_CACHE_FINALIZER),
      ),
    );
  }

  /**
   * A cache may exist with no ID in the status: created, then the process stopped before the status
   * was written. Asking again with the same ClientToken answers that cache's ID (or makes one, which
   * is deleted at once); Pending and Failed mean nothing was made.
   */
  private async madeWithoutRecord(obj: ImageCacheObject): Promise<string | undefined> {
    if (obj.status?.phase === 'Pending' || obj.status?.phase === 'Failed') return undefined;
    try {
      return (await this.o.backend.createImageCache(await this.request(obj))).ImageCacheId;
    } catch (err) {
      if (err instanceof TranslationError || isBackendError(err, 'InvalidParameter')) return undefined;
      throw err;
    }
  }
}
