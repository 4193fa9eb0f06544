import type { V1Secret } from '@kubernetes/client-node';
import type { CreateImageCacheRequest } from '../../providers/eci-api/index.js';
import { notYetAvailable, unsupported } from '../translate/errors.js';
import { dockerSecretCredentials } from '../translate/image-registries.js';
import { annotationFields } from './annotations.js';
import type { ImageCacheObject } from './types.js';

/** The documented ranges (ECI's "kubernetes ImageCache API" page). */
export const IMAGE_CACHE_SIZE_GIB = { min: 20, max: 32768 };
export const RETENTION_DAYS = { min: 1, max: 65536 };

export interface SecretRef {
  namespace: string;
  name: string;
}

/** Where the network comes from when the ImageCache's annotations do not say: the eci-profile, then the settings. */
export interface ImageCacheDefaults {
  vSwitchIds: string[];
  securityGroupId: string;
  resourceGroupId?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** `spec.imagePullSecrets` → Secret references; a malformed one throws naming its index. */
export function secretRefs(obj: ImageCacheObject): SecretRef[] {
  return (obj.spec?.imagePullSecrets ?? []).map((raw, i) => {
    const [namespace, name, ...rest] = raw.split(':');
    if (
      rest.length > 0 ||
      !DNS_LABEL.test(namespace ?? '') ||
      !DNS_SUBDOMAIN.test(name ?? '') ||
      namespace.length > 63 ||
      name.length > 253
    ) {
      throw unsupported(
        `spec.imagePullSecrets[${i}]`,
        JSON.stringify(raw),
        'is not a namespace:secretName reference',
        'write each Secret as namespace:name, e.g. default:acr-login',
      );
    }
    return { namespace, name };
  });
}

/**
 * ECI's ImageCacheName takes 2-128 lower-case letters, digits and "-"; an object name may also
 * hold dots. The name is for people reading the ECI console: the cache is found by its ID.
 */
export function eciCacheName(objectName: string): string {
  const name = objectName
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 128)
    .replace(/^-+|-+$/g, '');
  return name.length >= 2 ? name : `imagecache-${name || 'x'}`;
}

function checkRange(
  field: string,
  value: number | undefined,
  range: { min: number; max: number },
  fix: string,
): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < range.min || value > range.max)
    throw unsupported(field, String(value), `is not a whole number from ${range.min} to ${range.max}`, fix);
}

/**
 * The ImageCache → CreateImageCache, with its pull Secrets (read by the caller, keyed
 * `namespace/name`) as registry credentials. A spec ECI cannot take throws a permanent
 * TranslationError naming the field, the value and the fix; a Secret not there yet a retryable one.
 * The ClientToken is the object's UID: a create repeated after a restart answers the same cache.
 */
export function imageCacheRequest(
  obj: ImageCacheObject,
  secrets: ReadonlyMap<string, V1Secret>,
  defaults: ImageCacheDefaults,
): CreateImageCacheRequest {
  const spec = obj.spec ?? {};
  const images = spec.images ?? [];
  if (images.length === 0)
    throw unsupported(
      'spec.images',
      '[]',
      'is empty',
      'list the images to cache, e.g. [nginx:1.27, busybox:1.36]',
    );
  const blank = images.findIndex((image) => image.trim() === '');
  if (blank >= 0)
    throw unsupported(
      `spec.images[${blank}]`,
      '""',
      'is empty',
      'give an image such as nginx:1.27, or remove the entry',
    );
  checkRange(
    'spec.imageCacheSize',
    spec.imageCacheSize,
    IMAGE_CACHE_SIZE_GIB,
    'use a size in GiB from 20 to 32768, or leave it out for 20',
  );
  checkRange(
    'spec.retentionDays',
    spec.retentionDays,
    RETENTION_DAYS,
    'use 1 to 65536 days, or leave it out to keep the cache',
  );
  const credentials: NonNullable<CreateImageCacheRequest['ImageRegistryCredential']> = [];
  secretRefs(obj).forEach((ref, i) => {
    const field = `spec.imagePullSecrets[${i}]`;
    const secret = secrets.get(`${ref.namespace}/${ref.name}`);
    if (!secret)
      throw notYetAvailable(
        field,
        JSON.stringify(`${ref.namespace}:${ref.name}`),
        `names Secret ${ref.name} in namespace ${ref.namespace}, which does not exist`,
        'create it (kubectl create secret docker-registry); the cache is made once it exists',
      );
    const found = dockerSecretCredentials(secret);
    if (!found)
      throw unsupported(
        field,
        JSON.stringify(`${ref.namespace}:${ref.name}`),
        'is not a readable kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg Secret',
        'make it with kubectl create secret docker-registry',
      );
    for (const c of found) if (!credentials.some((x) => x.Server === c.Server)) credentials.push(c);
  });
  const fields = annotationFields(obj.metadata?.annotations ?? {});
  const VSwitchId = fields.VSwitchId ?? defaults.vSwitchIds.join(',');
  const SecurityGroupId = fields.SecurityGroupId ?? defaults.securityGroupId;
  const ResourceGroupId = fields.ResourceGroupId ?? defaults.resourceGroupId;
  return {
    ...fields,
    ImageCacheName: eciCacheName(obj.metadata?.name ?? ''),
    Image: [...images],
    ...(spec.imageCacheSize !== undefined ? { ImageCacheSize: spec.imageCacheSize } : {}),
    ...(spec.retentionDays !== undefined ? { RetentionDays: spec.retentionDays } : {}),
    SecurityGroupId,
    VSwitchId,
    ...(ResourceGroupId ? { ResourceGroupId } : {}),
    ...(credentials.length ? { ImageRegistryCredential: credentials } : {}),
    ClientToken: obj.metadata?.uid ?? '',
  };
}
