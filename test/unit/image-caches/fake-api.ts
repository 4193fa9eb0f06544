import type { V1Secret } from '@kubernetes/client-node';
import type { ImageCachesApi } from '../../../src/image-caches/api.js';
import type { ImageCacheController } from '../../../src/image-caches/controller.js';
import type { ImageCacheObject } from '../../../src/image-caches/types.js';

export interface RecordedEvent {
  object: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/**
 * The API server as the ImageCache controller sees it: objects by name, writes that bump the
 * resourceVersion and come back through the "watch" (observe/forget), a write over an old version
 * refused as a conflict, and an object with a deletionTimestamp gone once its last finalizer is.
 */
export class FakeImageCachesApi implements ImageCachesApi {
  readonly objects = new Map<string, ImageCacheObject>();
  readonly secrets = new Map<string, V1Secret>();
  readonly events: RecordedEvent[] = [];
  readonly statusWrites: string[] = [];
  private version = 1;
  controller?: ImageCacheController;

  put(obj: ImageCacheObject): ImageCacheObject {
    const stored = structuredClone(obj);
    stored.metadata = { ...stored.metadata, resourceVersion: String(++this.version) };
    const name = stored.metadata.name ?? '';
    if (stored.metadata.deletionTimestamp && (stored.metadata.finalizers ?? []).length === 0) {
      this.objects.delete(name);
      this.controller?.forget(stored);
      return stored;
    }
    this.objects.set(name, stored);
    this.controller?.observe(structuredClone(stored));
    return structuredClone(stored);
  }

  /** kubectl delete: the deletionTimestamp, or the object gone at once without finalizers. */
  delete(name: string, at: Date): void {
    const obj = this.objects.get(name);
    if (obj) this.put({ ...obj, metadata: { ...obj.metadata, deletionTimestamp: at } });
  }

  private current(obj: ImageCacheObject): ImageCacheObject {
    const stored = this.objects.get(obj.metadata?.name ?? '');
    if (!stored || stored.metadata?.uid !== obj.metadata?.uid) throw new Error('404 not found');
    return stored;
  }

  async replaceStatus(obj: ImageCacheObject, status: ImageCacheObject['status']): Promise<ImageCacheObject> {
    const stored = this.current(obj);
    this.statusWrites.push(status?.phase ?? '');
    return this.put({ ...stored, status });
  }

  async setFinalizers(obj: ImageCacheObject, finalizers: string[]): Promise<ImageCacheObject> {
    const stored = this.current(obj);
    if (stored.metadata?.resourceVersion !== obj.metadata?.resourceVersion) throw new Error('409 conflict');
    return this.put({ ...stored, metadata: { ...stored.metadata, finalizers } });
  }

  async readSecret(namespace: string, name: string): Promise<V1Secret | undefined> {
    return this.secrets.get(`${namespace}/${name}`);
  }

  event(obj: ImageCacheObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.push({ object: obj.metadata?.name ?? '', type, reason, message });
  }

  reasons(name: string): string[] {
    return this.events.filter((e) => e.object === name).map((e) => e.reason);
  }
}
