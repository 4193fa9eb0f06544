import { BackendError } from '../backend.js';

/** The static side of an SDK (Tea) model class: camelCase keys → wire names and field types. */
export interface SdkModelClass<T> {
  new (map?: Record<string, unknown>): T;
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

type AnyModelClass = SdkModelClass<unknown>;

function isModelClass(t: unknown): t is AnyModelClass {
  return typeof t === 'function' && 'names' in t && 'types' in t;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A PascalCase request converted to an SDK model, plus the fields the SDK's model does not know. */
export interface SdkRequest<T> {
  model: T;
  /** Flattened wire parameters (`Container.1.StartupProbe.HttpGet.Port`) the SDK model has no field for. */
  extraQueries: Record<string, string>;
}

/** ECI's flattening: lists 1-based (`Tag.1.Key`), objects dotted (`Probe.HttpGet.Port`). */
export function flattenParams(extras: Record<string, string>, path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) value.forEach((item, i) => flattenParams(extras, `${path}.${i + 1}`, item));
  else if (isRecord(value))
    for (const [k, v] of Object.entries(value)) flattenParams(extras, `${path}.${k}`, v);
  else extras[path] = String(value);
}

function convertValue(value: unknown, type: unknown, path: string, extras: Record<string, string>): unknown {
  if (value === undefined || value === null) return undefined;
  if (isModelClass(type)) {
    if (!isRecord(value)) throw badShape(path, value, 'an object');
    return toCamel(value, type, path, extras);
  }
  if (isRecord(type) && type.type === 'array') {
    if (!Array.isArray(value)) throw badShape(path, value, 'a list');
    return value.map((item, i) => convertValue(item, type.itemType, `${path}.${i + 1}`, extras));
  }
  return value;
}

function badShape(path: string, value: unknown, expected: string): BackendError {
  return new BackendError(
    'InvalidParameter',
    'InvalidParameter',
    `${path} must be ${expected}, got ${JSON.stringify(value)}: fix the request translation.`,
  );
}

function toCamel(
  wire: Record<string, unknown>,
  model: AnyModelClass,
  prefix: string,
  extras: Record<string, string>,
): Record<string, unknown> {
  const byWire = new Map(Object.entries(model.names()).map(([camel, wireName]) => [wireName, camel]));
  const types = model.types();
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const camel = byWire.get(key);
    if (camel === undefined) {
      // Not in SDK 2.0.3's metadata (e.g. Container.N.StartupProbe): still sent, as flattened query parameters.
      flattenParams(extras, path, value);
      continue;
    }
    const converted = convertValue(value, types[camel], path, extras);
    if (converted !== undefined) out[camel] = converted;
  }
  return out;
}

/**
 * PascalCase wire object (providers/eci-api) → SDK model, by inverting each model class's
 * `names()` and following `types()` into nested models and lists.
 */
export function toSdkRequest<T>(wire: object, model: SdkModelClass<T>): SdkRequest<T> {
  const extraQueries: Record<string, string> = {};
  const camel = toCamel({ ...wire } as Record<string, unknown>, model as AnyModelClass, '', extraQueries);
  return { model: new model(camel), extraQueries };
}
