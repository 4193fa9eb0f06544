import type { Tag } from '../../eci-api/index.js';
import { invalidParameter, missingParameter } from './errors.js';
import type { WireObject, WireValue } from './unflatten.js';

/** Typed reads of unflattened parameters; every bad value is an error naming the parameter. */

export function optString(p: WireObject, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw invalidParameter(name, v, 'expected a single string value');
  return v;
}

export function reqString(p: WireObject, name: string): string {
  const v = optString(p, name);
  if (v === undefined) throw missingParameter(name);
  return v;
}

export function optNumber(
  p: WireObject,
  name: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number') throw invalidParameter(name, v, 'expected a number');
  if (range.min !== undefined && v < range.min)
    throw invalidParameter(name, v, `expected at least ${range.min}`);
  if (range.max !== undefined && v > range.max)
    throw invalidParameter(name, v, `expected at most ${range.max}`);
  return v;
}

/** An integer parameter of ECI's API (Limit, Tail, SinceSecond...): `1.5` is refused, naming it. */
export function optInteger(
  p: WireObject,
  name: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const v = optNumber(p, name, range);
  if (v !== undefined && !Number.isInteger(v)) throw invalidParameter(name, v, 'expected a whole number');
  return v;
}

export function optBoolean(p: WireObject, name: string): boolean | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw invalidParameter(name, v, 'expected true or false');
  return v;
}

/** A JSON array of strings sent as one string, like `ContainerGroupIds=["eci-a","eci-b"]`. */
export function optJsonStringList(p: WireObject, name: string, max: number): string[] | undefined {
  const raw = optString(p, name);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter(name, raw, 'expected a JSON array of strings, e.g. ["eci-a","eci-b"]');
  }
  if (!Array.isArray(parsed) || !parsed.every((x): x is string => typeof x === 'string')) {
    throw invalidParameter(name, raw, 'expected a JSON array of strings, e.g. ["eci-a","eci-b"]');
  }
  if (parsed.length > max)
    throw invalidParameter(name, raw, `at most ${max} entries are allowed per request`);
  return parsed;
}

function isObject(v: WireValue | undefined): v is WireObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `Tag.N.Key` / `Tag.N.Value` (server-side tag filters and creation tags). */
export function optTags(p: WireObject, name = 'Tag'): Tag[] | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw invalidParameter(name, v, `expected a list: ${name}.1.Key, ${name}.1.Value`);
  return v.map((t, i) => {
    const path = `${name}.${i + 1}`;
    if (!isObject(t)) throw invalidParameter(path, t, `expected ${path}.Key and ${path}.Value`);
    const key = optString(t, 'Key');
    if (key === undefined) throw missingParameter(`${path}.Key`);
    return { Key: key, Value: optString(t, 'Value') ?? '' };
  });
}

export function optClientToken(p: WireObject): string | undefined {
  const token = optString(p, 'ClientToken');
  if (token !== undefined && (token.length > 64 || !/^[\x00-\x7f]*$/.test(token))) {
    throw invalidParameter('ClientToken', token, 'use at most 64 ASCII characters');
  }
  return token;
}

/** `Name.1=...&Name.2=...`: a list of strings (image names, IDs). */
export function optStringList(p: WireObject, name: string): string[] | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((s): s is string => typeof s === 'string'))
    throw invalidParameter(name, v, `expected ${name}.1, ${name}.2, ... each one string`);
  return v;
}

/** A string that must be one of `allowed` (a documented enumeration), or undefined when absent. */
export function optOneOf<T extends string>(
  p: WireObject,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const v = optString(p, name);
  if (v === undefined) return undefined;
  const known = allowed.find((a) => a === v);
  if (!known) throw invalidParameter(name, v, `use one of ${allowed.join(', ')}`);
  return known;
}
