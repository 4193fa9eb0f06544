/**
 * Walks JSON against an official SDK (Tea) model class: `names()` gives each field's wire name,
 * `types()` its type ('string', 'number', 'boolean', a nested model, or {type: 'array', itemType}).
 * The SDK models are generated from Alibaba's API metadata, so they are the wire schema of truth.
 */
export interface ModelClass {
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

function isModel(t: unknown): t is ModelClass {
  return typeof t === 'function' && 'names' in t && 'types' in t;
}

function isArrayType(t: unknown): t is { type: 'array'; itemType: unknown } {
  return typeof t === 'object' && t !== null && 'type' in t && t.type === 'array' && 'itemType' in t;
}

/** Wire name → field type of one model. */
function fields(model: ModelClass): Map<string, unknown> {
  const types = model.types();
  return new Map(Object.entries(model.names()).map(([key, wire]) => [wire, types[key]]));
}

/** The model's type at a wire path such as `VSwitches.VSwitch[].ZoneId`; undefined when it has none. */
export function typeAt(model: ModelClass, path: string): unknown {
  let t: unknown = model;
  for (const segment of path.split('.')) {
    const name = segment.replace(/\[\]$/, '');
    if (!isModel(t) || !fields(t).has(name)) return undefined;
    t = fields(t).get(name);
    if (segment.endsWith('[]')) {
      if (!isArrayType(t)) return undefined;
      t = t.itemType;
    }
  }
  return t;
}

function typeMismatch(value: unknown, t: unknown): boolean {
  if (t === 'string' || t === 'number' || t === 'boolean') return typeof value !== t;
  if (isModel(t)) return typeof value !== 'object' || value === null || Array.isArray(value);
  if (isArrayType(t)) return !Array.isArray(value);
  return false;
}

/** Every path of `json` the model does not declare, or declares with another type: `path (why)`. */
export function strayFields(json: unknown, model: ModelClass, prefix = ''): string[] {
  if (typeof json !== 'object' || json === null) return [];
  const known = fields(model);
  return Object.entries(json).flatMap(([name, value]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    if (!known.has(name)) return [`${path} (not in the model)`];
    const t = known.get(name);
    if (typeMismatch(value, t)) return [`${path} (${JSON.stringify(value)} is not ${JSON.stringify(t)})`];
    if (isModel(t)) return strayFields(value, t, path);
    if (isArrayType(t) && isModel(t.itemType)) {
      const item = t.itemType;
      return (value as unknown[]).flatMap((v) => strayFields(v, item, `${path}[]`));
    }
    return [];
  });
}

/**
 * Runs `read` on `sample` wrapped so that every property it reads is recorded as a wire path
 * (`VSwitches.VSwitch[].ZoneId`), present in the sample or not: what a reader relies on.
 */
export function pathsRead(sample: unknown, read: (body: unknown) => unknown): string[] {
  const seen = new Set<string>();
  const wrap = (value: unknown, path: string): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((v) => wrap(v, `${path}[]`));
    return new Proxy(value, {
      get(target, prop, receiver) {
        const v: unknown = Reflect.get(target, prop, receiver);
        if (typeof prop !== 'string') return v;
        const at = path ? `${path}.${prop}` : prop;
        seen.add(at);
        return wrap(v, at);
      },
    });
  };
  read(wrap(sample, ''));
  return [...seen].sort();
}
