import type { V1Pod } from '@kubernetes/client-node';
import { TAG_RULES, type Tag } from '../../providers/eci-api/index.js';
import { ANNOTATION } from './annotations.js';
import { atMost } from './annotation-values.js';
import { unsupported } from './errors.js';
import type { TranslationContext } from './types.js';

/** The tags that tie a container group to its pod; the controller lists and filters by them. */
export const TAG = {
  cluster: 'ClusterName',
  node: 'NodeName',
  namespace: 'NameSpace',
  podName: 'PodName',
  uid: 'UID',
  created: 'CreationTimestamp',
  /** Whether the platform runs kube-proxy for this group (ECI_KUBE_PROXY / eci-kube-proxy-enabled). */
  kubeProxy: 'KubeProxy',
} as const;

const MAX_CUSTOM_TAGS = 3;
const RESERVED_KEYS: ReadonlySet<string> = new Set(Object.values(TAG).map((k) => k.toLowerCase()));

export function toIso(t: Date | string | undefined): string | undefined {
  if (t === undefined) return undefined;
  const d = t instanceof Date ? t : new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace(/\.000Z$/, 'Z');
}

/** Tag values are at most 128 characters; the UID tag, not the name, is what identifies a pod. */
function value(v: string): string {
  return v.length <= TAG_RULES.valueChars ? v : v.slice(0, TAG_RULES.valueChars);
}

const CUSTOM_FIELD = `metadata.annotations[${ANNOTATION.customTags}]`;

/** k8s.aliyun.com/eci-custom-tags: `k:v,k2:v2`, at most 3, never overriding the system tags. */
export function customTags(annotation: string | undefined): Tag[] {
  if (annotation === undefined) return [];
  const entries = annotation
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const fix = 'use up to 3 comma-separated key:value pairs, e.g. team:ml,env:prod';
  atMost(
    annotation,
    ANNOTATION.customTags,
    entries.length,
    MAX_CUSTOM_TAGS,
    `has ${entries.length} tags`,
    fix,
  );
  const tags = entries.map((entry) => {
    const at = entry.indexOf(':');
    const key = (at < 0 ? entry : entry.slice(0, at)).trim();
    const val = at < 0 ? '' : entry.slice(at + 1).trim();
    if (at < 0 || key === '') throw unsupported(CUSTOM_FIELD, JSON.stringify(entry), 'is not key:value', fix);
    if (key.length > TAG_RULES.keyChars || val.length > TAG_RULES.valueChars) {
      throw unsupported(
        CUSTOM_FIELD,
        JSON.stringify(entry),
        'is too long (key ≤ 64, value ≤ 128 characters)',
        fix,
      );
    }
    const lower = key.toLowerCase();
    if (TAG_RULES.reservedKey.test(key)) {
      throw unsupported(
        CUSTOM_FIELD,
        JSON.stringify(key),
        'starts with a prefix ECI reserves (acs:, aliyun)',
        fix,
      );
    }
    if (TAG_RULES.reservedValue.test(val)) {
      throw unsupported(
        CUSTOM_FIELD,
        JSON.stringify(entry),
        'has a value starting with acs:, which ECI reserves',
        fix,
      );
    }
    if (TAG_RULES.url.test(entry)) {
      throw unsupported(
        CUSTOM_FIELD,
        JSON.stringify(entry),
        'contains http:// or https://, which ECI tags may not',
        fix,
      );
    }
    if (RESERVED_KEYS.has(lower)) {
      throw unsupported(
        CUSTOM_FIELD,
        JSON.stringify(key),
        'is a tag the virtual node sets itself',
        'choose another key',
      );
    }
    return { Key: key, Value: val };
  });
  const keys = tags.map((t) => t.Key);
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice !== undefined)
    throw unsupported(
      CUSTOM_FIELD,
      JSON.stringify(annotation),
      `gives the key ${JSON.stringify(twice)} twice`,
      fix,
    );
  return tags;
}

export function podTags(pod: V1Pod, ctx: Pick<TranslationContext, 'clusterId' | 'nodeName'>): Tag[] {
  const meta = pod.metadata ?? {};
  const tags: Tag[] = [
    { Key: TAG.cluster, Value: value(ctx.clusterId) },
    { Key: TAG.node, Value: value(ctx.nodeName) },
    { Key: TAG.namespace, Value: value(meta.namespace ?? 'default') },
    { Key: TAG.podName, Value: value(meta.name ?? '') },
    { Key: TAG.uid, Value: value(meta.uid ?? '') },
    { Key: TAG.created, Value: toIso(meta.creationTimestamp) ?? '' },
    ...customTags(meta.annotations?.[ANNOTATION.customTags]),
  ];
  return tags.slice(0, TAG_RULES.tags);
}
