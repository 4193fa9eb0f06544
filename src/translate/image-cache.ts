import type { CreateContainerGroupRequest } from '../../providers/eci-api/index.js';
import { ANNOTATION } from './annotations.js';
import { unsupported } from './errors.js';

export type ImageCacheFields = Partial<
  Pick<CreateContainerGroupRequest, 'AutoMatchImageCache' | 'ImageSnapshotId'>
>;

/** The shape of ECI's image cache IDs (imc-2zebxkiifuyzzlhl1234). */
const IMAGE_CACHE_ID = /^imc-[a-z0-9]+$/;

const field = (key: string): string => `metadata.annotations[${key}]`;

/** The first of the keys (current name, then the older one) that is set, with its value. */
function first(a: Record<string, string>, ...keys: string[]): [string, string] | undefined {
  for (const key of keys) if (a[key] !== undefined) return [key, a[key]];
  return undefined;
}

/**
 * The image-cache annotations → CreateContainerGroup fields. `eci-imc-id` (older
 * `eci-image-snapshot-id`) pins a cache: ImageSnapshotId. `eci-auto-imc` (older `eci-image-cache`)
 * lets ECI pick one: AutoMatchImageCache. A pinned cache wins, as on ECI; an automatic match asked
 * beside it is left out with a warning instead of being sent for ECI to ignore.
 */
export function imageCacheFields(a: Record<string, string>, warnings: string[]): ImageCacheFields {
  const out: ImageCacheFields = {};
  const pin = first(a, ANNOTATION.imageCacheId, ANNOTATION.imageSnapshotIdLegacy);
  if (pin !== undefined) {
    const [key, raw] = pin;
    const id = raw.trim();
    if (!IMAGE_CACHE_ID.test(id)) {
      throw unsupported(
        field(key),
        JSON.stringify(raw),
        'is not an image cache ID',
        'use an ImageCacheId that DescribeImageCaches (or kubectl get imagecache) lists, e.g. imc-2zebxkiifuyzzlhl1234',
      );
    }
    out.ImageSnapshotId = id;
  }
  const auto = first(a, ANNOTATION.autoImageCache, ANNOTATION.imageCacheLegacy);
  if (auto === undefined) return out;
  const [key, raw] = auto;
  if (raw !== 'true' && raw !== 'false')
    throw unsupported(field(key), JSON.stringify(raw), 'is not a boolean', 'use "true" or "false"');
  if (out.ImageSnapshotId !== undefined) {
    if (raw === 'true')
      warnings.push(`${field(key)}: ignored: ${pin?.[0]} pins image cache ${out.ImageSnapshotId}`);
    return out;
  }
  out.AutoMatchImageCache = raw === 'true';
  return out;
}
