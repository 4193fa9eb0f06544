import { ApiError, invalidParameter } from './errors.js';
import type { FieldSchema, ObjectSchema } from './schema.js';
import type { ParamPairs } from './percent.js';

/** A parameter value after unflattening: strings, numbers, booleans, lists and objects. */
export type WireValue = string | number | boolean | WireValue[] | WireObject;
export interface WireObject {
  [key: string]: WireValue;
}

type Node = string | Map<string, Node>;

const POSITIVE_INT = /^[1-9]\d*$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function insert(root: Map<string, Node>, key: string, value: string): void {
  const segments = key.split('.');
  if (segments.some((s) => s === '')) {
    throw invalidParameter(key, value, 'parameter names are dot-separated segments, e.g. Container.1.Name');
  }
  let node = root;
  segments.forEach((segment, i) => {
    const path = segments.slice(0, i + 1).join('.');
    const existing = node.get(segment);
    if (i === segments.length - 1) {
      if (existing instanceof Map) throw conflict(path, key);
      node.set(segment, value);
      return;
    }
    if (typeof existing === 'string') throw conflict(path, key);
    const child = existing ?? new Map<string, Node>();
    node.set(segment, child);
    node = child;
  });
}

function conflict(path: string, key: string): ApiError {
  return new ApiError(
    400,
    'InvalidParameter',
    `The parameter ${path} is given both as a value and as the prefix of ${key}: send one or the other.`,
  );
}

function coerceScalar(value: string, schema: 'string' | 'number' | 'boolean', path: string): WireValue {
  if (schema === 'string') return value;
  if (schema === 'number') {
    if (!NUMBER.test(value)) throw invalidParameter(path, value, 'expected a number');
    return Number(value);
  }
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw invalidParameter(path, value, 'expected true or false');
  return lower === 'true';
}

function toList(
  node: Map<string, Node>,
  item: FieldSchema | undefined,
  path: string,
): WireValue[] | undefined {
  const entries = [...node.entries()].map(([k, v]) => {
    if (!POSITIVE_INT.test(k)) {
      throw invalidParameter(
        `${path}.${k}`,
        k,
        `${path} is a list: its entries are numbered from 1, e.g. ${path}.1`,
      );
    }
    return [Number(k), v] as const;
  });
  // Gaps are tolerated (ECI compacts them); order follows the numbers, not the arrival order.
  const items = entries
    .sort(([a], [b]) => a - b)
    .map(([n, v]) => convert(v, item, `${path}.${n}`))
    .filter((v) => v !== undefined);
  return items.length > 0 ? items : undefined;
}

function toObject(
  node: Map<string, Node>,
  schema: ObjectSchema | undefined,
  path: string,
): WireObject | undefined {
  const out: WireObject = {};
  for (const [k, v] of node) {
    // Own properties only, defined not assigned: `constructor.x` or `__proto__.Name` from a client
    // must be a plain (unknown) parameter, never a lookup on Object.prototype or a prototype swap.
    const field = schema !== undefined && Object.hasOwn(schema.fields, k) ? schema.fields[k] : undefined;
    const value = convert(v, field, path ? `${path}.${k}` : k);
    if (value === undefined) continue;
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  // Every parameter below was one the action does not have: none of them names this field either.
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A map's entries (`DataSource.Options.url=...`): every key is the client's own (`url`, `server`,
 * `#10#repoSource`), so none is unknown; each value is of the map's value type.
 */
function toMap(node: Map<string, Node>, value: FieldSchema, path: string): WireObject | undefined {
  const out: WireObject = {};
  for (const [k, v] of node) {
    const converted = convert(v, value, `${path}.${k}`);
    if (converted === undefined) continue;
    // Defined, not assigned: a key `__proto__` stays a plain entry of the map.
    Object.defineProperty(out, k, { value: converted, enumerable: true, writable: true, configurable: true });
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A parameter's value, or undefined for one the action does not have. A single value where the
 * schema has a list or an object is such a parameter: the action declares only the flattened names
 * (`Tag.N.Key`), and ECI ignores what it does not declare. The official Go SDK
 * (alibaba-cloud-sdk-go 1.63) sends `Container.N.LivenessProbe.Exec.Command=<[]string Value>` with
 * every CreateContainerGroup (a nested []string without its Repeated tag): refusing it would refuse
 * every create that SDK makes.
 */
function convert(node: Node, schema: FieldSchema | undefined, path: string): WireValue | undefined {
  if (typeof node === 'string') {
    if (schema === undefined) return node;
    if (typeof schema === 'string') return coerceScalar(node, schema, path);
    return undefined;
  }
  if (schema === undefined) {
    return [...node.keys()].every((k) => POSITIVE_INT.test(k))
      ? toList(node, undefined, path)
      : toObject(node, undefined, path);
  }
  if (typeof schema === 'string') {
    throw invalidParameter(
      path,
      Object.fromEntries([...node.keys()].map((k) => [k, '…'])),
      'expected a single value, not nested parameters',
    );
  }
  if ('map' in schema) return toMap(node, schema.map, path);
  return 'list' in schema ? toList(node, schema.list, path) : toObject(node, schema, path);
}

/**
 * `Container.1.EnvironmentVar.2.Key=v` pairs → `{Container: [{EnvironmentVar: [_, {Key: 'v'}]}]}`,
 * lists 1-based, numbers and booleans coerced by the action's schema. Unknown parameters stay strings
 * (ECI ignores what it does not know), single values given for a list or an object are dropped
 * (`convert`), and a value not of its field's type is `InvalidParameter` naming the parameter.
 */
export function unflatten(pairs: ParamPairs, schema: ObjectSchema | undefined): WireObject {
  const root = new Map<string, Node>();
  for (const [key, value] of pairs) insert(root, key, value);
  return toObject(root, schema, '') ?? {};
}
