import type { V1Secret } from '@kubernetes/client-node';
import { isNotFound, MERGE_PATCH_TYPE, type EventRecorder, type KubeRest } from '../kube/index.js';
import {
  IMAGE_CACHE_API_VERSION,
  IMAGE_CACHE_KIND,
  imageCachePath,
  type ImageCacheObject,
  type ImageCacheStatus,
} from './types.js';

/**
 * What the ImageCache controller does to Kubernetes, typed: its own objects' finalizers and status,
 * the pull Secrets they name (read one by one), and Events. Tests use an in-memory stand-in.
 */
export interface ImageCachesApi {
  /** The whole status, replaced through the status subresource; the written object comes back. */
  replaceStatus(obj: ImageCacheObject, status: ImageCacheStatus): Promise<ImageCacheObject>;
  /** Sets metadata.finalizers, only over the version read (a conflict is retried by the queue). */
  setFinalizers(obj: ImageCacheObject, finalizers: string[]): Promise<ImageCacheObject>;
  /** A Secret by name, or undefined when it does not exist. Never logged. */
  readSecret(namespace: string, name: string): Promise<V1Secret | undefined>;
  event(obj: ImageCacheObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

export function imageCachesApi(rest: KubeRest, events: EventRecorder): ImageCachesApi {
  const name = (obj: ImageCacheObject): string => obj.metadata?.name ?? '';
  return {
    replaceStatus: (obj, status) =>
      // A JSON patch `add` of /status replaces it whole, so fields that no longer apply go away.
      rest.json<ImageCacheObject>('PATCH', imageCachePath(name(obj), 'status'), {
        body: [{ op: 'add', path: '/status', value: status }],
        contentType: 'application/json-patch+json',
      }),
    setFinalizers: (obj, finalizers) =>
      rest.json<ImageCacheObject>('PATCH', imageCachePath(name(obj)), {
        body: { metadata: { finalizers, resourceVersion: obj.metadata?.resourceVersion } },
        contentType: MERGE_PATCH_TYPE,
      }),
    async readSecret(namespace, secretName) {
      try {
        return await rest.json<V1Secret>(
          'GET',
          `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(secretName)}`,
        );
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    event(obj, type, reason, message) {
      const target = {
        kind: IMAGE_CACHE_KIND,
        apiVersion: IMAGE_CACHE_API_VERSION,
        namespace: '',
        name: name(obj),
        uid: obj.metadata?.uid,
      };
      if (type === 'Warning') events.warning(target, reason, message);
      else events.normal(target, reason, message);
    },
  };
}
