import type { V1ConfigMap, V1Container, V1Secret } from '@kubernetes/client-node';
import type { EnvironmentVar } from '../../providers/eci-api/index.js';
import { resolveFieldRef, resolveResourceFieldRef, type DownwardSource } from './downward.js';
import { notYetAvailable, unsupported } from './errors.js';
import { expand } from './expand.js';
import type { TranslationContext } from './types.js';

export interface ContainerEnv {
  env: EnvironmentVar[];
  /** `$(VAR)` expansion of command, args and subPathExpr with the values known now (see `expandAt`). */
  expandAt: (value: string, field: string) => string;
}

/**
 * A reference the kubelet would expand and we cannot: the variable is one ECI sets from a FieldRef
 * when the container starts (the pod IP), after the request that carries the reference was sent.
 */
function runtimeReference(field: string, name: string, fieldPath: string): string {
  return (
    `${field}: $(${name}) stays as written: ECI sets ${name} (${fieldPath}) only when the container starts ` +
    `and does not expand references to it; read it in a shell instead, e.g. command: [sh, -c, 'exec app --ip="$${name}"']`
  );
}

export function decodeSecretValue(secret: V1Secret, key: string): string | undefined {
  const b64 = secret.data?.[key];
  if (b64 !== undefined) return Buffer.from(b64, 'base64').toString('utf8');
  return secret.stringData?.[key];
}

function secretKeys(secret: V1Secret): string[] {
  return [...new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})])];
}

// Any printable ASCII but '=' (Kubernetes' relaxed env var names).
const ENV_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;

function missing(kind: 'ConfigMap' | 'Secret', field: string, name: string, ns: string): Error {
  return notYetAvailable(
    field,
    JSON.stringify(name),
    `${kind} not found in namespace ${ns}`,
    `create the ${kind}, or mark the reference optional: true`,
  );
}

function missingKey(kind: 'ConfigMap' | 'Secret', field: string, name: string, key: string): Error {
  return notYetAvailable(
    field,
    JSON.stringify(key),
    `is not a key of ${kind} ${name}`,
    `add the key to the ${kind}, or mark the reference optional: true`,
  );
}

/** env and envFrom as the kubelet builds them: service links < envFrom < env, later wins. */
export function containerEnv(
  c: V1Container,
  field: string,
  ctx: TranslationContext,
  src: DownwardSource,
  warnings: string[],
): ContainerEnv {
  const ns = src.pod.metadata?.namespace ?? 'default';
  const values = new Map<string, string>();
  const refs = new Map<string, string>();
  const set = (name: string, value: string): void => {
    values.delete(name);
    refs.delete(name);
    values.set(name, value);
  };

  for (const [name, value] of Object.entries(ctx.serviceEnvironment ?? {})) set(name, value);

  (c.envFrom ?? []).forEach((from, i) => {
    const f = `${field}.envFrom[${i}]`;
    const prefix = from.prefix ?? '';
    let entries: [string, string][] = [];
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? '';
      const cm: V1ConfigMap | undefined = ctx.refs.configMaps.get(name);
      if (!cm) {
        if (from.configMapRef.optional) return;
        throw missing('ConfigMap', `${f}.configMapRef.name`, name, ns);
      }
      entries = Object.entries(cm.data ?? {});
    } else if (from.secretRef) {
      const name = from.secretRef.name ?? '';
      const secret = ctx.refs.secrets.get(name);
      if (!secret) {
        if (from.secretRef.optional) return;
        throw missing('Secret', `${f}.secretRef.name`, name, ns);
      }
      entries = secretKeys(secret).map((k) => [k, decodeSecretValue(secret, k) ?? '']);
    }
    const invalid: string[] = [];
    for (const [key, value] of entries) {
      const name = prefix + key;
      if (ENV_NAME.test(name)) set(name, value);
      else invalid.push(key);
    }
    if (invalid.length > 0) {
      warnings.push(
        `${f}: skipped keys that are not valid environment variable names: ${invalid.sort().join(', ')}`,
      );
    }
  });

  // The kubelet's expansion: a name defined so far (later ones are not), else the reference as written.
  const expandAt = (value: string, at: string): string =>
    expand(value, (name) => {
      const known = values.get(name);
      const fieldPath = refs.get(name);
      if (known === undefined && fieldPath !== undefined) {
        const warning = runtimeReference(at, name, fieldPath);
        if (!warnings.includes(warning)) warnings.push(warning);
      }
      return known;
    });

  (c.env ?? []).forEach((e, i) => {
    const f = `${field}.env[${i}]`;
    const from = e.valueFrom;
    if (!from) {
      set(e.name, expandAt(e.value ?? '', `${f}.value`));
      return;
    }
    if (from.configMapKeyRef) {
      const { name = '', key, optional } = from.configMapKeyRef;
      const cm = ctx.refs.configMaps.get(name);
      if (!cm) {
        if (optional) return;
        throw missing('ConfigMap', `${f}.valueFrom.configMapKeyRef.name`, name, ns);
      }
      const value = cm.data?.[key];
      if (value === undefined) {
        if (optional) return;
        throw missingKey('ConfigMap', `${f}.valueFrom.configMapKeyRef.key`, name, key);
      }
      set(e.name, value);
    } else if (from.secretKeyRef) {
      const { name = '', key, optional } = from.secretKeyRef;
      const secret = ctx.refs.secrets.get(name);
      if (!secret) {
        if (optional) return;
        throw missing('Secret', `${f}.valueFrom.secretKeyRef.name`, name, ns);
      }
      const value = decodeSecretValue(secret, key);
      if (value === undefined) {
        if (optional) return;
        throw missingKey('Secret', `${f}.valueFrom.secretKeyRef.key`, name, key);
      }
      set(e.name, value);
    } else if (from.fieldRef) {
      const resolved = resolveFieldRef(from.fieldRef, src, `${f}.valueFrom`, false);
      if ('value' in resolved) set(e.name, resolved.value);
      else {
        values.delete(e.name);
        refs.set(e.name, resolved.fieldPath);
      }
    } else if (from.resourceFieldRef) {
      const value = resolveResourceFieldRef(from.resourceFieldRef, src, c.name, `${f}.valueFrom`);
      if (value === undefined) {
        warnings.push(
          `${f}: ${e.name} was not set: the container has no ${from.resourceFieldRef.resource} limit and the instance type's size is not known here`,
        );
      } else set(e.name, value);
    } else {
      throw unsupported(
        `${f}.valueFrom`,
        e.name,
        'uses a source ECI cannot provide',
        'use value, configMapKeyRef, secretKeyRef, fieldRef or resourceFieldRef',
      );
    }
  });

  const env: EnvironmentVar[] = [];
  for (const [Key, Value] of values) env.push({ Key, Value });
  for (const [Key, FieldPath] of refs) env.push({ Key, FieldRef: { FieldPath } });
  return { env, expandAt };
}
