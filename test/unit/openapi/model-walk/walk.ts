/**
 * Walks raw JSON against an official SDK (Tea) model: each model class declares its wire names
 * (`names()`: property → wire name) and types (`types()`: 'string' | 'number' | 'boolean' | a nested
 * model class | `{type: 'array', itemType}` | `{type: 'map', keyType, valueType}`).
 */

export interface ModelClass {
  name: string;
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

export function isModelClass(t: unknown): t is ModelClass {
  return typeof t === 'function' && 'names' in t && 'types' in t;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function arrayItem(t: unknown): unknown {
  return isRecord(t) && t.type === 'array' ? t.itemType : undefined;
}

function isMap(t: unknown): boolean {
  return isRecord(t) && t.type === 'map';
}

/** Every field path of a model, e.g. `ContainerGroups[].Containers[].Args`. */
export function modelPaths(model: ModelClass, prefix = ''): string[] {
  const types = model.types();
  return Object.entries(model.names()).flatMap(([key, wire]) => {
    const path = prefix ? `${prefix}.${wire}` : wire;
    const t = types[key];
    const item = arrayItem(t);
    if (isModelClass(t)) return [path, ...modelPaths(t, path)];
    if (isModelClass(item)) return [path, ...modelPaths(item, `${path}[]`)];
    return [path];
  });
}

export interface WalkResult {
  /** `path: problem` for a field the model lacks or a value of the wrong JSON type. */
  problems: string[];
  /** Model paths that carried a value. */
  produced: Set<string>;
}

export function newWalkResult(): WalkResult {
  return { problems: [], produced: new Set() };
}

function scalarOk(value: unknown, t: unknown): boolean {
  if (t === 'string' || t === 'number' || t === 'boolean') return typeof value === t;
  if (t === 'any') return true;
  return false;
}

function walkValue(value: unknown, t: unknown, path: string, out: WalkResult): void {
  const item = arrayItem(t);
  if (value === null) {
    out.problems.push(`${path}: null (ECI leaves an empty field out)`);
  } else if (isModelClass(t)) {
    if (isRecord(value)) walkModel(value, t, path, out);
    else out.problems.push(`${path}: expected an object (${t.name}), got ${JSON.stringify(value)}`);
  } else if (item !== undefined) {
    if (!Array.isArray(value)) out.problems.push(`${path}: expected an array, got ${JSON.stringify(value)}`);
    else value.forEach((v) => walkValue(v, item, `${path}[]`, out));
  } else if (isMap(t)) {
    if (!isRecord(value)) out.problems.push(`${path}: expected a map, got ${JSON.stringify(value)}`);
  } else if (!scalarOk(value, t)) {
    out.problems.push(`${path}: expected ${String(t)}, got ${typeof value} ${JSON.stringify(value)}`);
  }
}

/** Checks `body` against `model`, recording problems and the paths it produced into `out`. */
export function walkModel(
  body: Record<string, unknown>,
  model: ModelClass,
  prefix: string,
  out: WalkResult,
): void {
  const byWire = new Map(Object.entries(model.names()).map(([key, wire]) => [wire, key]));
  const types = model.types();
  for (const [wire, value] of Object.entries(body)) {
    const path = prefix ? `${prefix}.${wire}` : wire;
    const key = byWire.get(wire);
    if (key === undefined) {
      out.problems.push(`${path}: not a field of ${model.name}`);
      continue;
    }
    out.produced.add(path);
    walkValue(value, types[key], path, out);
  }
}
