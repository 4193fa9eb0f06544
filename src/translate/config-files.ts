import type {
  V1ConfigMap,
  V1DownwardAPIVolumeFile,
  V1KeyToPath,
  V1ProjectedVolumeSource,
  V1Secret,
  V1Volume,
} from '@kubernetes/client-node';
import type { ConfigFileToPath } from '../../providers/eci-api/index.js';
import { resolveFieldRef, resolveResourceFieldRef, type DownwardSource } from './downward.js';
import { notYetAvailable, unsupported } from './errors.js';
import { tokenKey, tokenWanted } from './refs.js';
import type { TranslationContext } from './types.js';

/** Files of a ConfigFileVolume; undefined when an optional source is missing (an empty dir, as in Kubernetes). */
export type ConfigFiles = { files: ConfigFileToPath[]; defaultMode?: number } | undefined;

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** key → base64 content of a ConfigMap (data and binaryData) or Secret (data and stringData). */
function configMapContents(cm: V1ConfigMap): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(cm.data ?? {})) out.set(k, b64(v));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) out.set(k, v);
  return out;
}

function secretContents(secret: V1Secret): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(secret.stringData ?? {})) out.set(k, b64(v));
  for (const [k, v] of Object.entries(secret.data ?? {})) out.set(k, v);
  return out;
}

function keyedFiles(
  kind: 'ConfigMap' | 'Secret',
  name: string,
  contents: Map<string, string>,
  items: V1KeyToPath[] | undefined,
  optional: boolean,
  field: string,
): ConfigFileToPath[] {
  if (!items || items.length === 0) {
    return [...contents.keys()].sort().map((key) => ({ Path: key, Content: contents.get(key) ?? '' }));
  }
  const files: ConfigFileToPath[] = [];
  items.forEach((item, i) => {
    const content = contents.get(item.key);
    if (content === undefined) {
      if (optional) return;
      throw notYetAvailable(
        `${field}.items[${i}].key`,
        JSON.stringify(item.key),
        `is not a key of ${kind} ${name}`,
        `add the key to the ${kind}, or mark the volume optional: true`,
      );
    }
    files.push({ Path: item.path, Content: content, Mode: item.mode });
  });
  return files;
}

function lookup<T>(
  kind: 'ConfigMap' | 'Secret',
  map: Map<string, T>,
  name: string,
  optional: boolean | undefined,
  field: string,
  ns: string,
): T | undefined {
  const found = map.get(name);
  if (found || optional) return found;
  throw notYetAvailable(
    field,
    JSON.stringify(name),
    `${kind} not found in namespace ${ns}`,
    `create the ${kind}, or mark the volume optional: true`,
  );
}

function downwardFiles(
  items: V1DownwardAPIVolumeFile[] | undefined,
  src: DownwardSource,
  field: string,
): ConfigFileToPath[] {
  return (items ?? []).flatMap((item, i) => {
    const f = `${field}.items[${i}]`;
    let value: string | undefined;
    if (item.fieldRef) {
      const r = resolveFieldRef(item.fieldRef, src, f, true);
      value = 'value' in r ? r.value : undefined;
    } else if (item.resourceFieldRef) {
      value = resolveResourceFieldRef(item.resourceFieldRef, src, undefined, f);
    }
    if (value === undefined) {
      throw unsupported(
        f,
        JSON.stringify(item.path),
        'cannot be computed before the instance exists',
        'use fieldRef on metadata, or set the container limit it refers to',
      );
    }
    return [{ Path: item.path, Content: b64(value), Mode: item.mode }];
  });
}

function projectedFiles(
  p: V1ProjectedVolumeSource,
  ctx: TranslationContext,
  src: DownwardSource,
  field: string,
  ns: string,
): ConfigFileToPath[] {
  return (p.sources ?? []).flatMap((s, i) => {
    const f = `${field}.sources[${i}]`;
    if (s.configMap) {
      const name = s.configMap.name ?? '';
      const cm = lookup(
        'ConfigMap',
        ctx.refs.configMaps,
        name,
        s.configMap.optional,
        `${f}.configMap.name`,
        ns,
      );
      return cm
        ? keyedFiles(
            'ConfigMap',
            name,
            configMapContents(cm),
            s.configMap.items,
            !!s.configMap.optional,
            `${f}.configMap`,
          )
        : [];
    }
    if (s.secret) {
      const name = s.secret.name ?? '';
      const secret = lookup('Secret', ctx.refs.secrets, name, s.secret.optional, `${f}.secret.name`, ns);
      return secret
        ? keyedFiles(
            'Secret',
            name,
            secretContents(secret),
            s.secret.items,
            !!s.secret.optional,
            `${f}.secret`,
          )
        : [];
    }
    if (s.downwardAPI) return downwardFiles(s.downwardAPI.items, src, `${f}.downwardAPI`);
    if (s.serviceAccountToken) {
      const token = ctx.refs.serviceAccountTokens?.get(tokenKey(tokenWanted(s.serviceAccountToken)));
      if (token === undefined) {
        throw notYetAvailable(
          `${f}.serviceAccountToken`,
          JSON.stringify(s.serviceAccountToken.path),
          'needs a service account token that has not been issued yet',
          'the virtual node requests one through the TokenRequest API and retries',
        );
      }
      return [{ Path: s.serviceAccountToken.path, Content: b64(token) }];
    }
    const kind = Object.keys(s).find((k) => (s as Record<string, unknown>)[k] !== undefined) ?? 'unknown';
    throw unsupported(
      `${f}.${kind}`,
      kind,
      'is a projected source ECI cannot provide',
      'use configMap, secret, downwardAPI or serviceAccountToken sources',
    );
  });
}

/** configMap, secret, projected and downwardAPI volumes become ECI ConfigFileVolumes (static files). */
export function configFiles(
  v: V1Volume,
  ctx: TranslationContext,
  src: DownwardSource,
  field: string,
): ConfigFiles {
  const ns = src.pod.metadata?.namespace ?? 'default';
  if (v.configMap) {
    const name = v.configMap.name ?? '';
    const cm = lookup(
      'ConfigMap',
      ctx.refs.configMaps,
      name,
      v.configMap.optional,
      `${field}.configMap.name`,
      ns,
    );
    if (!cm) return undefined;
    return {
      files: keyedFiles(
        'ConfigMap',
        name,
        configMapContents(cm),
        v.configMap.items,
        !!v.configMap.optional,
        `${field}.configMap`,
      ),
      defaultMode: v.configMap.defaultMode,
    };
  }
  if (v.secret) {
    const name = v.secret.secretName ?? '';
    const secret = lookup(
      'Secret',
      ctx.refs.secrets,
      name,
      v.secret.optional,
      `${field}.secret.secretName`,
      ns,
    );
    if (!secret) return undefined;
    return {
      files: keyedFiles(
        'Secret',
        name,
        secretContents(secret),
        v.secret.items,
        !!v.secret.optional,
        `${field}.secret`,
      ),
      defaultMode: v.secret.defaultMode,
    };
  }
  if (v.projected) {
    return {
      files: projectedFiles(v.projected, ctx, src, `${field}.projected`, ns),
      defaultMode: v.projected.defaultMode,
    };
  }
  if (v.downwardAPI) {
    return {
      files: downwardFiles(v.downwardAPI.items, src, `${field}.downwardAPI`),
      defaultMode: v.downwardAPI.defaultMode,
    };
  }
  return undefined;
}
