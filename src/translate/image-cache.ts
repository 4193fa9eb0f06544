import { requestImages, type CreateContainerGroupRequest } from '../../providers/eci-api/index.js';
import { bool, int } from './annotation-values.js';
import { ANNOTATION } from './annotations.js';
import { unsupported } from './errors.js';

export type ImageCacheFields = Partial<
  Pick<CreateContainerGroupRequest, 'AutoMatchImageCache' | 'ImageSnapshotId'>
>;

/** The shape of ECI's image cache IDs (imc-2zebxkiifuyzzlhl1234). */
const IMAGE_CACHE_ID = /^imc-[a-z0-9]+$/;

/** DescribeImageCaches takes up to 100 MatchImage values. */
const MAX_MATCH_IMAGES = 100;

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

/**
 * What the pod asks of an automatically matched cache (imc-perfect-match, imc-match-count-request):
 * CreateContainerGroup has no parameter for it, so the controller finds the cache itself
 * (DescribeImageCaches with MatchImage) and pins it.
 */
export interface ImageCacheMatch {
  /** The group's images, each once, as the request sends them. */
  images: string[];
  /** How many of them the cache must hold: all of them for imc-perfect-match. */
  atLeast: number;
  /** The annotation that asked, for events. */
  askedBy: string;
}

/**
 * imc-perfect-match and imc-match-count-request, which ask that ECI's automatic match use only a
 * cache holding all (or at least N) of the pod's images; perfect match wins when both are set, as
 * ECI's page says. They apply under automatic matching (eci-auto-imc, true unless set to "false"),
 * not beside a pinned cache.
 */
export function imageCacheMatch(
  a: Record<string, string>,
  req: Pick<
    CreateContainerGroupRequest,
    'Container' | 'InitContainer' | 'ImageSnapshotId' | 'AutoMatchImageCache'
  >,
  warnings: string[],
): ImageCacheMatch | undefined {
  const perfectKey = ANNOTATION.imageCachePerfectMatch;
  const countKey = ANNOTATION.imageCacheMatchCount;
  const perfect = a[perfectKey] !== undefined && bool(a[perfectKey], perfectKey);
  const count = a[countKey] !== undefined ? int(a[countKey], countKey, 1, MAX_MATCH_IMAGES) : undefined;
  // Every pod is translated here: its images are listed only when one of the two is set.
  if (!perfect && count === undefined) return undefined;
  const images = requestImages(req);
  if (count !== undefined && count > images.length) {
    throw unsupported(
      field(countKey),
      JSON.stringify(a[countKey]),
      `asks for ${count} matched images, but the pod has ${images.length}`,
      `use 1 to ${images.length}, or ${perfectKey}: "true" to ask for all of them`,
    );
  }
  const asked = perfect ? perfectKey : countKey;
  if (req.ImageSnapshotId !== undefined) {
    warnings.push(`${field(asked)}: ignored: a pinned image cache (${req.ImageSnapshotId}) is used as it is`);
    return undefined;
  }
  if (req.AutoMatchImageCache === false) {
    warnings.push(
      `${field(asked)}: ignored: automatic matching is off (k8s.aliyun.com/eci-auto-imc: "false")`,
    );
    return undefined;
  }
  if (perfect && count !== undefined)
    warnings.push(`${field(countKey)}: ignored: ${perfectKey} asks for every image of the pod`);
  return { images, atLeast: perfect ? images.length : (count ?? images.length), askedBy: asked };
}
