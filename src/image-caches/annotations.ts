import type { CreateImageCacheRequest } from '../../providers/eci-api/index.js';
import { annotationField, bool, ids } from '../translate/annotation-values.js';
import { unsupported } from '../translate/errors.js';
import { registryOptions } from '../translate/registry-options.js';

/**
 * The annotations ECI's "ImageCache Annotation" page lists for ImageCache objects (not the pods'
 * `eci-` spellings): those with a CreateImageCache parameter in the official SDK's model.
 */
export const IMAGE_CACHE_ANNOTATION = {
  vSwitchIds: 'k8s.aliyun.com/vswitch-ids',
  securityGroupId: 'k8s.aliyun.com/security-group-id',
  resourceGroupId: 'k8s.aliyun.com/resource-group-id',
  enableReuse: 'k8s.aliyun.com/imc-enable-reuse',
  enableFlash: 'k8s.aliyun.com/imc-enable-flash',
} as const;

/** On the same page, with no CreateImageCache parameter: recognised, named in a Warning Event. */
export const UNSUPPORTED_IMAGE_CACHE_ANNOTATIONS: Readonly<
  Record<string, { reason: string; instead: string }>
> = {
  'k8s.aliyun.com/imc-cpu-arch': {
    reason:
      'CreateImageCache (ECI API 2018-08-08, official SDK 2.0.3) has no parameter for the CPU architecture',
    instead: 'remove it: the cache is made as CreateImageCache makes it without one',
  },
  'k8s.aliyun.com/imc-os-type': {
    reason:
      'CreateImageCache (ECI API 2018-08-08, official SDK 2.0.3) has no parameter for the operating system',
    instead: 'remove it: the cache is made as CreateImageCache makes it without one',
  },
};

export type AnnotationFields = Partial<
  Pick<
    CreateImageCacheRequest,
    | 'VSwitchId'
    | 'SecurityGroupId'
    | 'ResourceGroupId'
    | 'AutoMatchImageCache'
    | 'Flash'
    | 'AcrRegistryInfo'
    | 'PlainHttpRegistry'
    | 'InsecureRegistry'
  >
>;

const A = IMAGE_CACHE_ANNOTATION;
const RESOURCE_GROUP = /^rg-[a-z0-9]+$/;

/**
 * The ImageCache's annotations → CreateImageCache fields. A bad value throws a TranslationError
 * naming the annotation, the value and the fix; the registry annotations are read as a pod's are.
 */
export function annotationFields(annotations: Record<string, string>): AnnotationFields {
  const a = annotations;
  const f: AnnotationFields = { ...registryOptions(a) };
  if (a[A.vSwitchIds] !== undefined)
    f.VSwitchId = ids(a[A.vSwitchIds], A.vSwitchIds, 'vsw', 10, 'vsw-bp1a,vsw-bp1b').join(',');
  if (a[A.securityGroupId] !== undefined)
    f.SecurityGroupId = ids(a[A.securityGroupId], A.securityGroupId, 'sg', 1, 'sg-bp1dktddjsg5nktv')[0];
  const rg = a[A.resourceGroupId];
  if (rg !== undefined) {
    if (!RESOURCE_GROUP.test(rg.trim()))
      throw unsupported(
        annotationField(A.resourceGroupId),
        JSON.stringify(rg),
        'is not a resource group ID',
        'use an rg- ID such as rg-aek2z3elfs4',
      );
    f.ResourceGroupId = rg.trim();
  }
  if (a[A.enableReuse] !== undefined) f.AutoMatchImageCache = bool(a[A.enableReuse], A.enableReuse);
  if (a[A.enableFlash] !== undefined) f.Flash = bool(a[A.enableFlash], A.enableFlash);
  return f;
}

/** One notice per recognised annotation this version cannot act on: its reason and what to do. */
export function unsupportedAnnotationNotices(annotations: Record<string, string>): string[] {
  return Object.keys(annotations)
    .filter((key) => UNSUPPORTED_IMAGE_CACHE_ANNOTATIONS[key] !== undefined)
    .sort()
    .map((key) => {
      const u = UNSUPPORTED_IMAGE_CACHE_ANNOTATIONS[key];
      return `${annotationField(key)}: recognised, not supported: ${u.reason}; ${u.instead}`;
    });
}
